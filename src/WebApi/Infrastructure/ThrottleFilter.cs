using LearningPlatform.Hosting;
using System.Globalization;
using LearningPlatform.Application.Common;

namespace LearningPlatform.WebApi.Infrastructure;

public sealed class ThrottleOptions
{
    public const string Section = "Throttling";

    public Dictionary<string, ThrottlePolicy> Policies { get; set; } = new()
    {
        ["complete"] = new ThrottlePolicy { Limit = 10, WindowSeconds = 60 },
    };
}

public sealed class ThrottlePolicy
{
    public int Limit { get; set; }
    public int WindowSeconds { get; set; }
}

/// <summary>
/// Per-learner throttle (<c>lp:throttle:{policy}:{learnerId}</c>). Runs before the idempotency layer,
/// so its 429s are never stored as a key's response.
/// </summary>
internal sealed class ThrottleFilter(string policyName) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ThrottleOptions>>().Value;
        var policy = options.Policies[policyName];
        var decision = await http.RequestServices.GetRequiredService<IThrottle>().HitAsync(
            policyName, http.User.UserId().ToString(), policy.Limit, TimeSpan.FromSeconds(policy.WindowSeconds), http.RequestAborted);
        if (decision.Allowed)
        {
            return await next(context);
        }

        http.RequestServices.GetRequiredService<LearningMetrics>().Throttled(policyName);
        var seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Result(429, "throttle.exceeded", $"Too many requests; retry in {seconds} s.");
    }
}

public static class ThrottleFilterExtensions
{
    public static RouteHandlerBuilder WithThrottle(this RouteHandlerBuilder builder, string policy) =>
        builder.AddEndpointFilter(new ThrottleFilter(policy)).ProducesProblem(StatusCodes.Status429TooManyRequests);
}
