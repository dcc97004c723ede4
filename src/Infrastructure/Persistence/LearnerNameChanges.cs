using System.Data.Common;
using System.Runtime.CompilerServices;
using LearningPlatform.Application.Leaderboards;
using LearningPlatform.Domain.Learners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// After any save that added or changed a learner's row (a profile change, an attempt start bringing the token's name)
/// has committed, sets the new name on the boards the learner is on (the exams of their attempts, one indexed query),
/// where Redis keeps the names beside each board (decision 134): every instance shows it at the next read. Hooking the
/// save keeps any writer from forgetting; inside a transaction it waits for the commit (a rolled-back name is never
/// shown). A failure here (Redis or PostgreSQL away) changes nothing that committed: the boards' names expire within
/// <c>RedisLeaderboardCache.NamesLifetime</c>.
/// </summary>
internal sealed class LearnerNameChanges(ILeaderboardCache boards, string connectionString, ILogger<LearnerNameChanges> logger)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Dictionary<Guid, string?>> _pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            await PublishAsync(eventData.Context);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            _ = PublishAsync(eventData.Context);
        }

        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Drop(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => _ = PublishAsync(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        PublishAsync(eventData.Context);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries<Learner>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                _pending.GetOrCreateValue(context)[entry.Entity.Id] = entry.Entity.DisplayName;
            }
        }
    }

    /// <summary>The committed names onto the learners' boards; Redis or PostgreSQL failing here is logged, not thrown (the change has committed).</summary>
    private async Task PublishAsync(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var changed))
        {
            return;
        }

        _pending.Remove(context);
        try
        {
            var exams = await ExamsOfAsync(changed.Keys);
            await Task.WhenAll(changed.Select(c =>
                exams.TryGetValue(c.Key, out var ids) ? boards.RenamedAsync(c.Key, c.Value, ids, CancellationToken.None) : Task.CompletedTask));
        }
        catch (Exception ex) when (ex is CacheUnavailableException or NpgsqlException or TimeoutException)
        {
            logger.LogWarning("Display name change of {Count} learner(s) not set on their boards ({Error}); the boards' names expire within minutes",
                changed.Count, ex.Message);
        }
    }

    /// <summary>The exams whose boards can hold these learners: those they have attempts on (by the (learner_id, started_at) index).</summary>
    private async Task<Dictionary<Guid, List<Guid>>> ExamsOfAsync(IEnumerable<Guid> learnerIds)
    {
        var exams = new Dictionary<Guid, List<Guid>>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT DISTINCT learner_id, exam_id FROM attempts WHERE learner_id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", learnerIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var learner = reader.GetGuid(0);
            if (!exams.TryGetValue(learner, out var ids))
            {
                exams[learner] = ids = [];
            }

            ids.Add(reader.GetGuid(1));
        }

        return exams;
    }

    private void Drop(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}
