using System.Net;
using System.Net.Http.Json;
using LearningPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Identity.IntegrationTests;

/// <summary>
/// AuthDB going away under the token server (a TCP relay in front of the real PostgreSQL, cut and restored): token and
/// register requests answer 503 with Retry-After and a code, each logged as one warning line; once it is back,
/// everything works again and nothing was lost or doubled.
/// </summary>
public class AuthDbOutageTests(AuthDbOutageTests.ProxiedIdentity identity) : IClassFixture<AuthDbOutageTests.ProxiedIdentity>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task With_AuthDB_unreachable_token_and_register_answer_503_and_after_it_returns_nothing_is_lost_or_doubled()
    {
        var emailA = $"before-{Guid.NewGuid():N}@example.test";
        var emailB = $"during-{Guid.NewGuid():N}@example.test";
        var tokensA = await identity.NewLearnerAsync(emailA, Password);
        using var client = identity.Client();
        var mark = identity.Logs.Mark;

        identity.Proxy.Cut();
        try
        {
            await (await PasswordGrantAsync(client, emailA)).Should503InOAuthShapeAsync();
            await (await client.PostAsync("api/auth/connect/token", Http.Form(
                ("grant_type", "refresh_token"), ("client_id", "learning-mobile"), ("refresh_token", tokensA.RefreshToken!))))
                .Should503InOAuthShapeAsync();
            await (await client.PostAsync("api/auth/connect/token", Http.Form(
                ("grant_type", "client_credentials"), ("client_id", "learning-jobs"), ("client_secret", IdentityHostFactory.JobsSecret),
                ("scope", "learning.jobs"))))
                .Should503InOAuthShapeAsync();
            var register = await client.PostAsJsonAsync("api/auth/register", new { email = emailB, password = Password, displayName = "Learner B" });
            await register.ShouldBeProblemAsync(503, "dependency.unavailable");
            register.RetryAfter().Should().Be("5");

            var requests = identity.Logs.Since(mark);
            requests.Should().NotContain(e => e.Level >= LogLevel.Error, "an outage is not a bug");
            requests.Should().NotContain(e => e.Exception != null, "no stack trace for an outage");
            requests.Where(e => e.Level == LogLevel.Warning).Should().HaveCount(4, "one line per request")
                .And.OnlyContain(e => e.Message.Contains("503 dependency.unavailable") && e.Message.Contains("AuthDB unreachable"));

            var beforeReady = identity.Logs.Mark;
            var ready = await client.GetAsync("health/ready");
            (await ready.ShouldBeProblemAsync(503, "dependency.unavailable")).GetProperty("checks").GetProperty("authdb").GetString()
                .Should().Be("Unhealthy");
            ready.RetryAfter().Should().Be("5");
            identity.Logs.Since(beforeReady).Where(e => e.Level >= LogLevel.Warning).Should()
                .ContainSingle("the health check service's one line per failed probe").Which.Exception.Should().BeNull();
            (await client.GetAsync("health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        finally
        {
            identity.Proxy.Restore();
        }

        // Back: the first requests may still meet connections the cut broke; a client retries after Retry-After.
        var registered = await RetryUntilAsync(() => client.PostAsJsonAsync("api/auth/register", new { email = emailB, password = Password, displayName = "Learner B" }));
        registered.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await client.PostAsJsonAsync("api/auth/register", new { email = emailB, password = Password, displayName = "Learner B" })).StatusCode
            .Should().Be(HttpStatusCode.Accepted, "the client's retry of a registration that went through");

        (await identity.Database.CountAsync($"select count(*) from users where normalized_email = '{emailB.ToUpperInvariant()}'"))
            .Should().Be(1);
        (await identity.Database.CountAsync(
            $"select count(*) from user_roles ur join users u on u.id = ur.user_id where u.normalized_email = '{emailB.ToUpperInvariant()}'"))
            .Should().Be(1);
        (await identity.PasswordTokenAsync(emailB, Password)).AccessToken.Should().NotBeNullOrEmpty();
        (await identity.PasswordTokenAsync(emailA, Password)).Subject.Should().Be(tokensA.Subject);
        var refreshed = await TokenSet.ReadAsync(await client.PostAsync("api/auth/connect/token", Http.Form(
            ("grant_type", "refresh_token"), ("client_id", "learning-mobile"), ("refresh_token", tokensA.RefreshToken!))));
        refreshed.Subject.Should().Be(tokensA.Subject, "the refresh refused during the outage did not spend the token");
        (await client.GetAsync("health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Connections_terminated_by_a_shutting_down_server_answer_503_never_500()
    {
        var email = $"shutdown-{Guid.NewGuid():N}@example.test";
        await identity.NewLearnerAsync(email, Password);
        using var client = identity.Client();
        var answers = new List<HttpStatusCode>();

        // Another test class ending clears every Npgsql pool of the process (TestDatabase), which can close the host's
        // idle connections before they are terminated; then the round is repeated (at most 5).
        for (var round = 0; round < 5 && !answers.Contains(HttpStatusCode.ServiceUnavailable); round++)
        {
            answers.Add((await PasswordGrantAsync(client, email)).StatusCode); // leaves an idle connection in the pool

            // What a server shutting down sends every session: 57P01 "terminating connection due to administrator command".
            await identity.Database.CountAsync(
                "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity " +
                "where datname = current_database() and pid <> pg_backend_pid()) t");

            HttpResponseMessage response;
            do
            {
                response = await PasswordGrantAsync(client, email);
                answers.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    await response.Should503InOAuthShapeAsync();
                }
            }
            while (response.StatusCode == HttpStatusCode.ServiceUnavailable && answers.Count < 40);
        }

        answers.Should().Contain(HttpStatusCode.ServiceUnavailable, "the pooled connection was terminated")
            .And.OnlyContain(s => s == HttpStatusCode.ServiceUnavailable || s == HttpStatusCode.OK);
        answers[^1].Should().Be(HttpStatusCode.OK, "new connections work at once");
    }

    private static Task<HttpResponseMessage> PasswordGrantAsync(HttpClient client, string email) =>
        client.PostAsync("api/auth/connect/token", Http.Form(
            ("grant_type", "password"), ("client_id", "learning-mobile"), ("username", email), ("password", Password),
            ("scope", "learning.app offline_access")));

    /// <summary>Repeats a request answered 503 (at most 40 times, 250 ms apart), as a client honouring Retry-After would.</summary>
    private static async Task<HttpResponseMessage> RetryUntilAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 40)
            {
                return response;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>The token server with its AuthDB connections going through a relay the test can cut.</summary>
    public sealed class ProxiedIdentity : LoggingIdentityHostFactory
    {
        private TcpOutageProxy? _proxy;

        public TcpOutageProxy Proxy => _proxy ?? throw new InvalidOperationException("The host has not started.");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The database exists by now (the factory creates it before starting the host); migrations go through the relay too.
            var (proxy, connectionString) = TcpOutageProxy.ForPostgres(Database.ConnectionString);
            _proxy = proxy;
            builder.UseSetting("ConnectionStrings:AuthDb", connectionString);
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            if (_proxy is not null)
            {
                await _proxy.DisposeAsync();
            }
        }
    }
}

internal static class OutageAssertions
{
    public static async Task Should503InOAuthShapeAsync(this HttpResponseMessage response)
    {
        await response.ShouldBeOAuthErrorAsync(503, "temporarily_unavailable", "dependency.unavailable");
        response.RetryAfter().Should().Be("5");
    }
}
