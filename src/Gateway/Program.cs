using LearningPlatform.Gateway;
using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Yarp.ReverseProxy.Transforms;

// Gateway: routes /api/auth/** to the AuthService and /api/learning/** to the LearningService instances,
// validates tokens, rate-limits through Redis and carries the correlation id.
var builder = WebApplication.CreateBuilder(args);

var maxBodyBytes = builder.Configuration.GetValue("Gateway:MaxRequestBodyBytes", 1L << 20);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBodyBytes);
builder.RefuseNonAsciiHeaders();

builder.Services.AddLearningTokenValidation(builder.Configuration);
builder.Services.AddAuthorizationBuilder().AddPolicy("authenticated", p => p.RequireAuthenticatedUser());
builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
    .Validate(o =>
    {
        foreach (var (name, policy) in o.Policies)
        {
            policy.Validate("Policies:" + name);
        }

        o.SignInFailures.Validate(nameof(o.SignInFailures));
        return true;
    })
    .ValidateOnStart();
builder.Services.Configure<IntrospectionOptions>(builder.Configuration.GetSection(IntrospectionOptions.Section));
builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
{
    var options = ConfigurationOptions.Parse(builder.Configuration["Redis:Configuration"] ?? "127.0.0.1:56379");
    options.AbortOnConnectFail = false;
    options.ConnectTimeout = 1000;
    options.AsyncTimeout = 500;
    options.SyncTimeout = 500;
    options.BacklogPolicy = BacklogPolicy.FailFast;
    return ConnectionMultiplexer.Connect(options);
});
builder.Services.AddSingleton<RedisRateLimiter>();
builder.Services.AddHttpClient<TokenIntrospector>(c => c.Timeout = TimeSpan.FromSeconds(5));
builder.Services.AddCodedProblemDetails();
builder.Services.AddHealthChecks().AddCheck<RedisReadiness>("redis", tags: ["ready"]);

// Introspection (optional): after the JWT checks pass, ask the token server whether the token was revoked.
builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => o.Events = new JwtBearerEvents
{
    OnTokenValidated = async context =>
    {
        var introspection = context.HttpContext.RequestServices.GetRequiredService<IOptions<IntrospectionOptions>>().Value;
        if (!introspection.Enabled)
        {
            return;
        }

        var introspector = context.HttpContext.RequestServices.GetRequiredService<TokenIntrospector>();
        try
        {
            if (!await introspector.IsActiveAsync(context.SecurityToken.UnsafeToString(), context.SecurityToken.ValidTo, context.HttpContext.RequestAborted))
            {
                context.Fail("The token was revoked.");
            }
        }
        catch (HttpRequestException ex)
        {
            context.HttpContext.Items["introspection-unavailable"] = true;
            context.Fail(ex);
        }
    },
    OnChallenge = async context =>
    {
        if (context.HttpContext.Items.ContainsKey("introspection-unavailable"))
        {
            context.HandleResponse();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            await Problems.Result(503, "dependency.unavailable", "The token server cannot be reached.").ExecuteAsync(context.HttpContext);
        }
    },
});

builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddTransforms(context =>
    {
        // The gateway is the edge: whatever X-Forwarded-* a client sent is replaced, never appended to.
        context.AddXForwarded(ForwardedTransformActions.Set);
        context.AddRequestTransform(t =>
        {
            t.ProxyRequest.Headers.Remove(CorrelationId.Header);
            t.ProxyRequest.Headers.TryAddWithoutValidation(CorrelationId.Header, t.HttpContext.Request.Headers[CorrelationId.Header].ToString());
            return ValueTask.CompletedTask;
        });
    });

var app = builder.Build();

app.UseCorrelationId();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodySizeLimit(maxBodyBytes);
app.UseAuthentication();
app.UseMiddleware<RateLimitMiddleware>();
app.UseMiddleware<FailedSignInLimit>();
app.UseAuthorization();
// Health answers are the health-check convention (text Healthy/Unhealthy, 200/503), read by load balancers.
var readOnly = new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]);
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithMetadata(readOnly);
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).WithMetadata(readOnly);
app.MapReverseProxy(proxy =>
{
    proxy.UseUpstreamProblems();
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

app.Run();

namespace LearningPlatform.Gateway
{
    /// <summary>Names this host's assembly for WebApplicationFactory (every host has a global <c>Program</c>).</summary>
    public sealed class GatewayHost;
}
