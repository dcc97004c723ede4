using LearningPlatform.Identity.Pruning;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LearningPlatform.Identity.IntegrationTests;

/// <summary>
/// One pruning pass on the real AuthDB (<see cref="PruneTokens"/>, what the job runs each interval). Rows are made old by
/// moving their dates back, as if issued 40 days ago: past the 30-day minimum age (and the 30-day refresh lifetime).
/// </summary>
public class TokenPruningTests(IdentityHostFactory identity) : IClassFixture<IdentityHostFactory>
{
    private static readonly TimeSpan Old = TimeSpan.FromDays(40);
    private readonly OidcRows _rows = new(identity);

    [Fact]
    public async Task A_pass_deletes_old_tokens_that_can_no_longer_be_used_and_their_authorizations_and_keeps_the_rest()
    {
        // Old and spent: a refreshed sign-in (a redeemed refresh token; the rest expired once aged) and a revoked one.
        var refreshedLongAgo = await identity.NewLearnerAsync();
        await identity.RefreshAsync(refreshedLongAgo.RefreshToken!);
        var revokedLongAgo = await identity.NewLearnerAsync();
        await identity.RevokeAsync(revokedLongAgo.RefreshToken!);
        // Old but still valid: issued long ago under a longer lifetime.
        var stillValid = await identity.NewLearnerAsync();
        // Recent, spent or not: a redeemed refresh token must stay, so that its replay is still caught.
        var recent = await identity.NewLearnerAsync();
        var recentRefreshed = await identity.RefreshAsync(recent.RefreshToken!);
        var recentlyRevoked = await identity.NewLearnerAsync();
        await identity.RevokeAsync(recentlyRevoked.RefreshToken!);

        (await _rows.TokensAsync(refreshedLongAgo.Subject)).Should().Contain("refresh_token/redeemed");
        (await _rows.TokensAsync(revokedLongAgo.Subject)).Should().Contain("refresh_token/revoked");
        (await _rows.AuthorizationsAsync(refreshedLongAgo.Subject)).Should().Equal("ad-hoc/valid");
        await _rows.AgeAsync(refreshedLongAgo.Subject, Old);
        await _rows.AgeAsync(revokedLongAgo.Subject, Old);
        await _rows.AgeAsync(stillValid.Subject, Old, expiryToo: false);
        var kept = new Dictionary<string, (IReadOnlyList<string> Tokens, IReadOnlyList<string> Authorizations)>();
        foreach (var subject in new[] { stillValid.Subject, recent.Subject, recentlyRevoked.Subject })
        {
            kept[subject] = (await _rows.TokensAsync(subject), await _rows.AuthorizationsAsync(subject));
        }

        var result = await PruneAsync();

        result.Ran.Should().BeTrue();
        result.Tokens.Should().BeGreaterThanOrEqualTo(6, "two access and two refresh tokens of one sign-in, one of each of the other");
        result.Authorizations.Should().BeGreaterThanOrEqualTo(2);
        foreach (var gone in new[] { refreshedLongAgo.Subject, revokedLongAgo.Subject })
        {
            (await _rows.TokensAsync(gone)).Should().BeEmpty();
            (await _rows.AuthorizationsAsync(gone)).Should().BeEmpty("an ad-hoc authorization left without tokens goes in the same pass");
        }

        foreach (var (subject, before) in kept)
        {
            (await _rows.TokensAsync(subject)).Should().Equal(before.Tokens);
            (await _rows.AuthorizationsAsync(subject)).Should().Equal(before.Authorizations);
        }

        kept[recent.Subject].Tokens.Should().Contain("refresh_token/redeemed");
        kept[recentlyRevoked.Subject].Tokens.Should().Contain("refresh_token/revoked");
        (await identity.RefreshAsync(stillValid.RefreshToken!)).Subject.Should().Be(stillValid.Subject, "a valid token stays usable, however old");
        (await identity.RefreshAsync(recentRefreshed.RefreshToken!)).Subject.Should().Be(recent.Subject);
    }

    [Fact]
    public async Task While_another_instance_prunes_a_pass_skips_and_the_next_one_prunes()
    {
        var spent = await identity.NewLearnerAsync();
        await identity.RevokeAsync(spent.RefreshToken!);
        await _rows.AgeAsync(spent.Subject, Old);
        var before = await _rows.TokensAsync(spent.Subject);

        // The other instance: a session of its own holding the lock until it is done.
        await using (var other = new NpgsqlConnection(identity.ConnectionString))
        {
            await other.OpenAsync();
            await using var take = new NpgsqlCommand($"select pg_advisory_lock({PruneTokens.LockKey})", other);
            await take.ExecuteScalarAsync();

            var skipped = await PruneAsync();

            skipped.Ran.Should().BeFalse();
            skipped.Tokens.Should().Be(0);
            (await _rows.TokensAsync(spent.Subject)).Should().Equal(before);
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({PruneTokens.LockKey})", other);
            (await release.ExecuteScalarAsync()).Should().Be(true);
        }

        var next = await PruneAsync();

        next.Ran.Should().BeTrue();
        (await _rows.TokensAsync(spent.Subject)).Should().BeEmpty();
        (await _rows.AuthorizationsAsync(spent.Subject)).Should().BeEmpty();
    }

    [Fact]
    public async Task Two_instances_pruning_at_the_same_moment_both_finish_and_each_row_goes_once()
    {
        var spent = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var learner = await identity.NewLearnerAsync();
            await identity.RevokeAsync(learner.RefreshToken!);
            await _rows.AgeAsync(learner.Subject, Old);
            spent.Add(learner.Subject);
        }

        var passes = await Task.WhenAll(PruneAsync(), PruneAsync());

        passes.Should().Contain(p => p.Ran);
        foreach (var subject in spent)
        {
            (await _rows.TokensAsync(subject)).Should().BeEmpty();
        }
    }

    private async Task<PruneResult> PruneAsync()
    {
        await using var scope = identity.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PruneTokens>().HandleAsync(CancellationToken.None);
    }
}
