using System.Text;
using LearningPlatform.FakeGooglePlay;

namespace LearningPlatform.Infrastructure.IntegrationTests.Billing;

/// <summary>A Pub/Sub push's OIDC token: accepted only when Google signed it for our audience and push service account.</summary>
public class PubSubPushAuthenticatorTests
{
    [Fact]
    public async Task A_token_signed_by_Google_for_the_audience_and_service_account_is_accepted_and_the_keys_fetched_once()
    {
        await using var google = await GooglePlayHarness.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            (await Refusal(google, google.Play.SignPushToken())).Should().BeNull();
        }

        google.Play.JwksRequests.Should().Be(1, "the keys are cached");
    }

    public static TheoryData<string, string> WrongTokens => new()
    {
        { "foreign key", "bad signature" },
        { "audience", "audience" },
        { "email", "email" },
        { "unverified", "not verified" },
        { "issuer", "issuer" },
        { "expired", "expired" },
        { "future", "future" },
        { "alg none", "alg" },
        { "HS256", "alg" },
    };

    [Theory]
    [MemberData(nameof(WrongTokens))]
    public async Task A_wrong_token_is_refused(string wrong, string reason)
    {
        await using var google = await GooglePlayHarness.StartAsync();
        var play = google.Play;
        var now = GooglePlayHarness.Start;
        var token = wrong switch
        {
            "foreign key" => play.SignPushToken(foreignKey: true),
            "audience" => play.SignPushToken(audience: "https://elsewhere.example.test/push"),
            "email" => play.SignPushToken(email: "someone-else@lp-fake-project.iam.gserviceaccount.com"),
            "unverified" => play.SignPushToken(emailVerified: false),
            "issuer" => play.SignPushToken(issuer: "https://attacker.example.test"),
            "expired" => play.SignPushToken(issuedAt: now.AddHours(-2), lifetime: TimeSpan.FromHours(1)),
            "future" => play.SignPushToken(issuedAt: now.AddHours(1)),
            "alg none" => Unsigned(play.SignPushToken(), "none"),
            "HS256" => Unsigned(play.SignPushToken(), "HS256"),
            _ => throw new ArgumentOutOfRangeException(nameof(wrong)),
        };

        (await Refusal(google, token)).Should().Contain(reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer a.b.c")]
    public async Task A_push_without_a_token_is_refused(string? authorization)
    {
        await using var google = await GooglePlayHarness.StartAsync();

        (await google.Authenticator.RefusalAsync(authorization, CancellationToken.None)).Should().NotBeNull();
    }

    [Fact]
    public async Task An_unknown_key_id_refetches_the_keys_at_most_once_a_minute()
    {
        await using var google = await GooglePlayHarness.StartAsync();
        (await Refusal(google, google.Play.SignPushToken())).Should().BeNull();
        var forged = WithKeyId(google.Play.SignPushToken(), "rotated-or-forged");

        google.Clock.Advance(TimeSpan.FromMinutes(2));
        (await Refusal(google, forged)).Should().Contain("unknown signing key");
        (await Refusal(google, forged)).Should().Contain("unknown signing key");

        google.Play.JwksRequests.Should().Be(2, "one refetch for the unknown kid, then the minimum interval holds");
    }

    private static Task<string?> Refusal(GooglePlayHarness google, string token) =>
        google.Authenticator.RefusalAsync("Bearer " + token, CancellationToken.None);

    /// <summary>The same claims under another <c>alg</c>, signature kept (a classic algorithm swap).</summary>
    private static string Unsigned(string token, string alg)
    {
        var parts = token.Split('.');
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"alg":"{{alg}}","typ":"JWT"}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{header}.{parts[1]}.{(alg == "none" ? "" : parts[2])}";
    }

    private static string WithKeyId(string token, string kid)
    {
        var parts = token.Split('.');
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"alg":"RS256","kid":"{{kid}}","typ":"JWT"}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{header}.{parts[1]}.{parts[2]}";
    }
}
