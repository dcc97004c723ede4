using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.EndToEndTests;

public enum RelayBehaviour
{
    /// <summary>Passes each call to the real token server and its answer back.</summary>
    Forward,

    /// <summary>Holds each call until <see cref="IntrospectionRelay.Release"/>, then forwards it.</summary>
    Hold,

    /// <summary>Accepts each call and never answers (a token server that hangs).</summary>
    Silent,

    /// <summary>Answers 401 <c>invalid_client</c> (a token server that will not vouch for the token).</summary>
    Refuse,
}

/// <summary>
/// A loopback stand-in for the token server's introspection endpoint, between the gateway and the real token server:
/// it counts the calls the gateway makes and, as the test chooses, forwards them, holds them, never answers, or refuses.
/// </summary>
public sealed class IntrospectionRelay : IAsyncDisposable
{
    private readonly Uri _target;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private int _calls;
    private volatile RelayBehaviour _behaviour;

    private IntrospectionRelay(Uri target) => _target = target;

    /// <summary>The URL to give the gateway as <c>Gateway:Introspection:Endpoint</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public RelayBehaviour Behaviour
    {
        get => _behaviour;
        set => _behaviour = value;
    }

    /// <summary>How many introspection calls reached the relay (whatever it did with them).</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Lets every held call (and every later one) through.</summary>
    public void Release() => _released.TrySetResult();

    public static async Task<IntrospectionRelay> StartAsync(Uri target, RelayBehaviour behaviour = RelayBehaviour.Forward)
    {
        var relay = new IntrospectionRelay(target) { Behaviour = behaviour };
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(IntrospectionRelay).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/introspect", relay.HandleAsync);
        await app.StartAsync();
        relay._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        relay.Endpoint = new Uri(address.TrimEnd('/') + "/introspect");
        return relay;
    }

    private async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _calls);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
        try
        {
            switch (Behaviour)
            {
                case RelayBehaviour.Silent:
                    await Task.Delay(Timeout.Infinite, aborted.Token);
                    return;
                case RelayBehaviour.Refuse:
                    http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    await http.Response.WriteAsJsonAsync(new { error = "invalid_client" }, aborted.Token);
                    return;
                case RelayBehaviour.Hold:
                    await _released.Task.WaitAsync(aborted.Token);
                    break;
            }

            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, aborted.Token);
            var forward = new ByteArrayContent(body.ToArray());
            forward.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(http.Request.ContentType!);
            using var answer = await _http.PostAsync(_target, forward, aborted.Token);
            http.Response.StatusCode = (int)answer.StatusCode;
            http.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
            await http.Response.Body.WriteAsync(await answer.Content.ReadAsByteArrayAsync(aborted.Token), aborted.Token);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The gateway gave up on the call (its timeout), or the relay is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _http.Dispose();
        _stopping.Dispose();
    }
}
