using LearningPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace LearningPlatform.Identity.IntegrationTests;

/// <summary>The pruning job on the host's clock: a fake one, moved by the test.</summary>
public class TokenPruningJobTests(TokenPruningJobTests.FakeClockIdentity identity) : IClassFixture<TokenPruningJobTests.FakeClockIdentity>
{
    [Fact]
    public async Task The_job_prunes_once_an_interval_has_passed_on_the_host_clock()
    {
        var rows = new OidcRows(identity);
        var spent = await identity.NewLearnerAsync();
        await identity.RevokeAsync(spent.RefreshToken!);
        await rows.AgeAsync(spent.Subject, TimeSpan.FromDays(40));
        var current = await identity.NewLearnerAsync();
        var currentTokens = await rows.TokensAsync(current.Subject);
        await WaitForLogAsync(0, "Token pruning scheduled every 01:00:00");
        var mark = identity.Logs.Mark;

        identity.Clock.Advance(TimeSpan.FromHours(1));

        var line = await WaitForLogAsync(mark, "Token pruning deleted");
        line.Should().MatchRegex(@"deleted [1-9]\d* tokens and [1-9]\d* authorizations");
        (await rows.TokensAsync(spent.Subject)).Should().BeEmpty();
        (await rows.AuthorizationsAsync(spent.Subject)).Should().BeEmpty();
        (await rows.TokensAsync(current.Subject)).Should().Equal(currentTokens);
    }

    /// <summary>The first line after <paramref name="mark"/> containing <paramref name="text"/>, waited for up to 15 s.</summary>
    private async Task<string> WaitForLogAsync(int mark, string text)
    {
        for (var i = 0; i < 300; i++)
        {
            if (identity.Logs.Since(mark).FirstOrDefault(e => e.Message.Contains(text, StringComparison.Ordinal)) is { } entry)
            {
                return entry.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        throw new TimeoutException($"No log line with '{text}' within 15 s.");
    }

    /// <summary>The token server with a fake clock (starting at the real time) and its log.</summary>
    public sealed class FakeClockIdentity : LoggingIdentityHostFactory
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("AuthServer:Pruning:Interval", "01:00:00");
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        }
    }
}
