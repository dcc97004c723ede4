using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LearningPlatform.TestSupport;
using StackExchange.Redis;

namespace LearningPlatform.EndToEndTests;

/// <summary>
/// Sign-ins through a gateway on a real loopback port, from two client addresses (127.0.0.1 and 127.0.0.2), with the
/// production limits (appsettings.json) except for a smaller failure budget. Each test has a gateway and Redis key prefix of its own.
/// </summary>
[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class SignInLimitTests(Platform platform) : IClassFixture<Platform>
{
    private const int FailureLimit = 10;
    private const string Password = "the right password";

    [Fact]
    public async Task Forty_learners_behind_one_address_all_sign_in_within_a_minute()
    {
        await using var gateway = StartGateway(out var keyPrefix);
        var emails = await RegisterAsync(40);
        using var classroom = Loopback.From("127.0.0.1", gateway.KestrelAddress!);

        var timer = Stopwatch.StartNew();
        var answers = await Task.WhenAll(emails.Select(email => classroom.PostAsync("/api/auth/connect/token", PasswordGrant(email, Password))));
        timer.Stop();

        foreach (var answer in answers)
        {
            answer.StatusCode.Should().Be(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
            (await TokenSet.ReadAsync(answer)).AccessToken.Should().NotBeNullOrEmpty();
        }

        timer.Elapsed.Should().BeLessThan(TimeSpan.FromMinutes(1));
        await using var mux = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis);
        var redis = mux.GetDatabase();
        (await redis.KeyExistsAsync($"{keyPrefix}rl:signin-failures:ip:127.0.0.1")).Should().BeFalse("successful sign-ins use no failure budget");
        (await redis.KeyExistsAsync($"{keyPrefix}rl:token:ip:127.0.0.1")).Should().BeTrue("every token request still counts towards the token limit");
    }

    [Fact]
    public async Task Six_wrong_passwords_lock_the_account_whatever_the_addresses_they_come_from()
    {
        await using var gateway = StartGateway(out _);
        var email = (await RegisterAsync(1)).Single();
        using var first = Loopback.From("127.0.0.1", gateway.KestrelAddress!);
        using var second = Loopback.From("127.0.0.2", gateway.KestrelAddress!);

        for (var i = 0; i < 6; i++)
        {
            var refused = await (i % 2 == 0 ? first : second).PostAsync("/api/auth/connect/token", PasswordGrant(email, "a wrong password"));
            await ShouldBeInvalidGrantAsync(refused);
        }

        // Locked out: the right password is refused from either address, with the same answer as a wrong one.
        await ShouldBeInvalidGrantAsync(await first.PostAsync("/api/auth/connect/token", PasswordGrant(email, Password)));
        await ShouldBeInvalidGrantAsync(await second.PostAsync("/api/auth/connect/token", PasswordGrant(email, Password)));
    }

    [Fact]
    public async Task Many_wrong_passwords_from_one_address_are_refused_whatever_the_account_while_another_address_signs_in()
    {
        await using var gateway = StartGateway(out var keyPrefix);
        var victim = (await RegisterAsync(1)).Single();
        using var attacker = Loopback.From("127.0.0.2", gateway.KestrelAddress!);
        using var classroom = Loopback.From("127.0.0.1", gateway.KestrelAddress!);
        var signedInBefore = await TokenSet.ReadAsync(await attacker.PostAsync("/api/auth/connect/token", PasswordGrant(victim, Password)));

        // One wrong password for each of many accounts: no account reaches its lockout, the address reaches its limit.
        for (var i = 0; i < FailureLimit; i++)
        {
            await ShouldBeInvalidGrantAsync(await attacker.PostAsync("/api/auth/connect/token", PasswordGrant($"guess-{i}-{Guid.NewGuid():N}@test.local", "password123")));
        }

        var refused = await attacker.PostAsync("/api/auth/connect/token", PasswordGrant(victim, Password));
        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limit.exceeded");
        int.TryParse(refused.Headers.GetValues("Retry-After").Single(), out var seconds).Should().BeTrue("Retry-After is whole seconds");
        seconds.Should().BeInRange(1, 300);
        await using var mux = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis);
        var redis = mux.GetDatabase();
        (await redis.KeyTimeToLiveAsync($"{keyPrefix}rl:signin-failures:ip:127.0.0.2")).Should().BePositive();

        // Another address is not affected; and a device already signed in behind the blocked address keeps refreshing.
        (await TokenSet.ReadAsync(await classroom.PostAsync("/api/auth/connect/token", PasswordGrant(victim, Password))))
            .AccessToken.Should().NotBeNullOrEmpty();
        var refreshed = await attacker.PostAsync("/api/auth/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = signedInBefore.RefreshToken!, ["client_id"] = "learning-mobile",
        }));
        refreshed.StatusCode.Should().Be(HttpStatusCode.OK, await refreshed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_passwords_on_the_login_page_use_the_same_budget_of_the_address_as_password_grants()
    {
        await using var gateway = StartGateway(out _);
        var victim = (await RegisterAsync(1)).Single();
        using var attacker = new CodeFlowBrowser(Loopback.From("127.0.0.2", gateway.KestrelAddress!, followRedirects: false), new Uri(platform.Identity.Issuer));
        using var classroom = Loopback.From("127.0.0.1", gateway.KestrelAddress!);
        var form = await attacker.OpenLoginAsync("/api/auth/account/login");

        // A sign-in on the page (302) uses none of the budget; each refused form (the page again) uses one.
        (await attacker.SubmitLoginAsync(form, victim, Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        for (var i = 0; i < FailureLimit; i++)
        {
            (await attacker.SubmitLoginAsync(form, $"guess-{i}-{Guid.NewGuid():N}@test.local", "password123")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await (await attacker.SubmitLoginAsync(form, victim, Password)).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limit.exceeded");
        await (await attacker.Http.PostAsync("/api/auth/connect/token", PasswordGrant(victim, Password)))
            .ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limit.exceeded");
        (await TokenSet.ReadAsync(await classroom.PostAsync("/api/auth/connect/token", PasswordGrant(victim, Password))))
            .AccessToken.Should().NotBeNullOrEmpty("another address is not affected");
    }

    private GatewayFactory StartGateway(out string keyPrefix)
    {
        keyPrefix = TestEnvironment.UniqueName("lp:si") + ":";
        var gateway = new GatewayFactory(platform.Identity, platform.Api.KestrelAddress!, TestEnvironment.Redis, keyPrefix,
            appLimit: null, tokenLimit: null);
        gateway.Settings["Gateway:RateLimits:SignInFailures:Limit"] = FailureLimit.ToString();
        gateway.Settings["Gateway:RateLimits:SignInFailures:WindowSeconds"] = "300";
        gateway.StartOnLoopback();
        return gateway;
    }

    private async Task<List<string>> RegisterAsync(int count)
    {
        using var identity = platform.Identity.Client();
        var emails = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var email = $"class-{Guid.NewGuid():N}@test.local";
            (await identity.PostAsJsonAsync("api/auth/register", new { email, password = Password, displayName = "Sign-in learner" })).StatusCode.Should().Be(HttpStatusCode.Accepted);
            emails.Add(email);
        }

        return emails;
    }

    private static FormUrlEncodedContent PasswordGrant(string email, string password) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "password", ["username"] = email, ["password"] = password,
        ["client_id"] = "learning-mobile", ["scope"] = "learning.app offline_access",
    });

    private static async Task ShouldBeInvalidGrantAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        JsonDocument.Parse(body).RootElement.GetProperty("error").GetString().Should().Be("invalid_grant");
    }
}
