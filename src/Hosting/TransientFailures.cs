using System.Data.Common;
using System.Net.Sockets;

namespace LearningPlatform.Hosting;

/// <summary>
/// Tells a backing service that is away for now (answer 503 with <c>Retry-After</c>, log one line) from a bug (500,
/// log the exception). Data access layers wrap their failures (EF Core's execution strategy raises an
/// <see cref="InvalidOperationException"/> around a transient <c>NpgsqlException</c>), so the whole chain is read.
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception, Func<Exception, bool>? alsoTransient = null)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or SocketException
                || e is DbException db && (db.IsTransient || IsOutage(db.SqlState))
                || alsoTransient?.Invoke(e) == true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The innermost message, which names the cause ("Connection refused") rather than the wrapper.</summary>
    public static string CauseOf(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return $"{e.GetType().Name}: {e.Message}";
    }

    // SQLSTATE 08xxx: connection exceptions; 57P01/57P02/57P03: the server is shutting down, crashed or not yet
    // accepting connections; 53300: too many connections; 57014: a statement timeout.
    private static bool IsOutage(string? sqlState) =>
        sqlState is not null && (sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState is "57P01" or "57P02" or "57P03" or "53300" or "57014");
}
