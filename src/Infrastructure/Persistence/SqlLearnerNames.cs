using LearningPlatform.Application.Learners;
using Npgsql;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// A page's display names in one statement by the primary key (<c>id = ANY(@ids)</c>), on a pooled connection and
/// without a DbContext: a board page served from Redis stays one Redis round trip plus this one.
/// </summary>
internal sealed class SqlLearnerNames(string connectionString) : ILearnerNames
{
    public async Task<IReadOnlyDictionary<Guid, string>> FindAsync(IReadOnlyCollection<Guid> learnerIds, CancellationToken cancellationToken)
    {
        var names = new Dictionary<Guid, string>();
        if (learnerIds.Count == 0)
        {
            return names;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id, display_name FROM learners WHERE id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", learnerIds.Distinct().ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names[reader.GetGuid(0)] = reader.GetString(1);
        }

        return names;
    }
}
