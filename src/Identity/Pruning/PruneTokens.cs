using System.Data;
using System.Data.Common;
using LearningPlatform.Identity.Data;
using LearningPlatform.Identity.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace LearningPlatform.Identity.Pruning;

/// <summary>
/// One pruning pass over AuthDB with OpenIddict's own <c>PruneAsync</c>: of the tokens and authorizations created more
/// than <c>AuthServer:Pruning:MinimumAge</c> ago, it deletes those that can no longer be used — tokens redeemed, revoked,
/// rejected or expired, or whose authorization is no longer valid; authorizations no longer valid, and ad-hoc ones left
/// without tokens. A token that is still valid stays, however old. Tokens go first, so the ad-hoc authorizations they
/// leave empty go in the same pass.
/// </summary>
/// <remarks>
/// Every instance runs the job; a PostgreSQL advisory lock, taken without waiting, lets one of them prune at a time and
/// the others skip that round (concurrent deletes of the same rows would be correct, but wasted work and a deadlock
/// risk). The lock belongs to the database session, so an instance that dies mid-pass releases it with its connection.
/// </remarks>
internal sealed class PruneTokens(
    AuthDbContext db, IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations, TimeProvider clock,
    IOptions<AuthServerOptions> options)
{
    /// <summary>The advisory lock's key in AuthDB ("lp-prune" in ASCII); nothing else in AuthDB takes advisory locks.</summary>
    public const long LockKey = 0x6C70_2D70_7275_6E65;

    public async Task<PruneResult> HandleAsync(CancellationToken cancellationToken)
    {
        var threshold = clock.GetUtcNow() - options.Value.Pruning.MinimumAge;

        // One connection for the whole pass: the lock is the session's, and OpenIddict's stores share this scope's context.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            if (!await ScalarAsync<bool>(connection, $"SELECT pg_try_advisory_lock({LockKey})", cancellationToken))
            {
                return new PruneResult(threshold, Ran: false, Tokens: 0, Authorizations: 0);
            }

            try
            {
                var prunedTokens = await tokens.PruneAsync(threshold, cancellationToken);
                var prunedAuthorizations = await authorizations.PruneAsync(threshold, cancellationToken);
                return new PruneResult(threshold, Ran: true, prunedTokens, prunedAuthorizations);
            }
            finally
            {
                // A broken connection took the lock with its session; a live one hands it back before returning to the pool.
                if (connection.State == ConnectionState.Open)
                {
                    await ScalarAsync<bool>(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<T> ScalarAsync<T>(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

/// <summary>What a pass did: <see cref="Ran"/> is false when another instance held the lock.</summary>
internal sealed record PruneResult(DateTimeOffset Threshold, bool Ran, long Tokens, long Authorizations);
