using System.Data.Common;
using System.Net.Sockets;

namespace LearningPlatform.Hosting;

/// <summary>
/// Tells a backing service that is away for now (answer 503 with <c>Retry-After</c>, log one line) from a bug (500, log
/// the exception), in every host. Failures arrive wrapped: EF Core's execution strategy puts a transient
/// <c>NpgsqlException</c> inside an <see cref="InvalidOperationException"/> ("likely due to a transient failure"), a save
/// inside a <c>DbUpdateException</c>, the driver a socket error inside its own; so the whole chain is read, the inner
/// exceptions of an <see cref="AggregateException"/> included.
/// </summary>
public static class TransientFailures
{
    private const int MaxDepth = 16;

    public static bool IsTransient(Exception exception, Func<Exception, bool>? alsoTransient = null) =>
        FindTransient(exception, alsoTransient) is not null;

    /// <summary>The exception in <paramref name="exception"/>'s chain that makes it a passing outage, or null.</summary>
    public static Exception? FindTransient(Exception exception, Func<Exception, bool>? alsoTransient = null)
    {
        var pending = new Queue<Exception>([exception]);
        for (var seen = 0; pending.Count > 0 && seen < MaxDepth; seen++)
        {
            var current = pending.Dequeue();
            if (IsOutage(current) || alsoTransient?.Invoke(current) == true)
            {
                return current;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Enqueue(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Enqueue(inner);
            }
        }

        return null;
    }

    /// <summary>One line for the log: the innermost cause (<c>SocketException: Connection refused</c>), not the wrapper.</summary>
    public static string CauseOf(Exception exception)
    {
        var innermost = exception;
        for (var depth = 0; innermost.InnerException is { } inner && depth < MaxDepth; depth++)
        {
            innermost = inner;
        }

        return $"{innermost.GetType().Name}: {innermost.Message}";
    }

    private static bool IsOutage(Exception exception) => exception switch
    {
        // The driver's own judgement (refused or reset connections, timeouts, an exhausted pool), or the server's
        // SQLSTATE class: 08 connection exception, 53 insufficient resources (too many connections), 57 operator
        // intervention (57P01 shutting down, 57P03 starting up, 57014 a statement timeout).
        DbException db => db.IsTransient || db.SqlState is { } state &&
            (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal) || state.StartsWith("57", StringComparison.Ordinal)),
        SocketException or TimeoutException => true,
        _ => false,
    };
}
