using LearningPlatform.Application.Notifications;
using LearningPlatform.FakeFcm;

namespace LearningPlatform.Infrastructure.IntegrationTests.Push;

/// <summary>The service account's OAuth2 token: fetched at the key's token_uri, signed by its key, cached until near expiry.</summary>
public class FcmAccessTokenTests
{
    [Fact]
    public async Task Every_send_carries_a_bearer_from_the_token_endpoint_and_the_token_is_fetched_once()
    {
        await using var push = await PushHarness.StartAsync();

        // 25 sends at once from a cold cache: the credential fetches one token and they all wait for it.
        var burst = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => push.SendAsync(
            i % 3 == 0 ? PushTarget.Device(PushHarness.DeviceToken(), DevicePlatform.Ios)
            : i % 3 == 1 ? PushTarget.Device(PushHarness.DeviceToken(), DevicePlatform.Android)
            : PushTarget.ToTopic($"exam-{i}"),
            PushHarness.Message())));
        var after = await push.SendAsync(PushTarget.ToTopic("all"), PushHarness.Message());

        after.Outcome.Should().Be(PushOutcome.Sent);
        burst.Should().OnlyContain(r => r.Outcome == PushOutcome.Sent);
        var grant = push.Fcm.TokenRequests.Should().ContainSingle("one token serves every send until it nears expiry").Subject;
        grant.Issuer.Should().Be(push.Fcm.ClientEmail);
        grant.Audience.Should().Be(FakeFcmServer.GoogleTokenAudience, "the library signs for Google's endpoint, and posts to token_uri");
        grant.Scope.Split(' ').Should().Contain(FakeFcmServer.FirebaseMessagingScope);
        grant.KeyId.Should().Be(push.Fcm.PrivateKeyId);
        push.Fcm.Requests.Should().HaveCount(26).And.OnlyContain(r => r.BearerToken == grant.AccessToken);
        push.Fcm.Requests.Select(r => r.Headers["Authorization"]).Should().OnlyContain(h => h == "Bearer " + grant.AccessToken);
    }

    [Fact]
    public async Task Token_is_reused_while_fresh_and_replaced_in_its_last_minutes()
    {
        await using var push = await PushHarness.StartAsync();
        var target = PushTarget.Device(PushHarness.DeviceToken(), DevicePlatform.Android);

        await push.SendAsync(target, PushHarness.Message());
        push.Clock.Advance(TimeSpan.FromMinutes(50));
        await push.SendAsync(target, PushHarness.Message());
        push.Fcm.TokenRequests.Should().HaveCount(1, "a token with 10 minutes left is still used");

        // Two minutes before expiry the library fetches a new token, in the background while the old one still works,
        // and the sends switch to it once its response is in.
        push.Clock.Advance(TimeSpan.FromMinutes(8));
        (await push.SendAsync(target, PushHarness.Message())).Outcome.Should().Be(PushOutcome.Sent);
        await WaitUntilAsync(() => Task.FromResult(push.Fcm.TokenRequests.Count == 2));
        var grants = push.Fcm.TokenRequests;
        grants[1].AccessToken.Should().NotBe(grants[0].AccessToken);
        await WaitUntilAsync(async () =>
        {
            (await push.SendAsync(target, PushHarness.Message())).Outcome.Should().Be(PushOutcome.Sent);
            return push.Fcm.Requests[^1].BearerToken == grants[1].AccessToken;
        });
        push.Fcm.Requests.Take(3).Should().OnlyContain(r => r.BearerToken == grants[0].AccessToken);

        push.Clock.Advance(TimeSpan.FromMinutes(5)); // past the first token's expiry, well within the second's
        await push.SendAsync(target, PushHarness.Message());
        push.Fcm.TokenRequests.Should().HaveCount(2);
        push.Fcm.Requests[^1].BearerToken.Should().Be(grants[1].AccessToken);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the condition should hold by then");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Token_refused_by_fcm_is_a_retry_and_the_next_send_uses_a_new_one()
    {
        await using var push = await PushHarness.StartAsync();
        var target = PushTarget.Device(PushHarness.DeviceToken(), DevicePlatform.Android);
        await push.SendAsync(target, PushHarness.Message());
        push.Fcm.RevokeTokens();

        var refused = await push.SendAsync(target, PushHarness.Message());
        var next = await push.SendAsync(target, PushHarness.Message());

        refused.Outcome.Should().Be(PushOutcome.Retry);
        refused.Error.Should().Contain("UNAUTHENTICATED");
        next.Outcome.Should().Be(PushOutcome.Sent);
        push.Fcm.TokenRequests.Should().HaveCount(2);
        push.Fcm.Requests.Select(r => r.AnsweredStatus).Should().Equal(200, 401, 200);
        push.Fcm.Requests[2].BearerToken.Should().Be(push.Fcm.TokenRequests[1].AccessToken);
    }

    [Fact]
    public async Task A_key_the_token_endpoint_refuses_is_a_retry_with_no_send_and_an_error_log()
    {
        await using var push = await PushHarness.StartAsync((fcm, settings) =>
            settings["Push:Fcm:ServiceAccountJson"] = fcm.ServiceAccountJsonWithForeignKey());

        var result = await push.SendAsync(PushTarget.Device(PushHarness.DeviceToken(), DevicePlatform.Android), PushHarness.Message());

        result.Outcome.Should().Be(PushOutcome.Retry, "no message is dropped for a credential an operator can fix");
        result.Error.Should().Contain("invalid_grant");
        push.Fcm.TokenRequests.Should().BeEmpty();
        push.Fcm.Requests.Should().BeEmpty();
        push.Logs.Entries.Should().Contain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error
                                                && e.Text.Contains("access token request failed"));
    }

    [Fact]
    public async Task Service_account_file_works_like_the_inline_json()
    {
        var file = Path.Combine(Path.GetTempPath(), $"lp-fcm-{Guid.NewGuid():N}.json");
        try
        {
            await using var push = await PushHarness.StartAsync((fcm, settings) =>
            {
                File.WriteAllText(file, fcm.ServiceAccountJson);
                settings.Remove("Push:Fcm:ServiceAccountJson");
                settings.Remove("Push:Fcm:ProjectId"); // taken from the key's project_id
                settings["Push:Fcm:ServiceAccountFile"] = file;
            });

            var result = await push.SendAsync(PushTarget.ToTopic("all"), PushHarness.Message());

            result.Outcome.Should().Be(PushOutcome.Sent);
            push.Fcm.Requests.Single().ProjectId.Should().Be(push.Fcm.ProjectId);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
