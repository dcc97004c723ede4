using System.Net.Sockets;
using LearningPlatform.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LearningPlatform.Identity.IntegrationTests;

/// <summary>Which exceptions mean "a database is unreachable" (503) rather than a bug (500), however they are wrapped (every host uses this).</summary>
public class TransientFailuresTests
{
    private static PostgresException Postgres(string sqlState, string message) => new(message, "FATAL", "FATAL", sqlState);

    public static TheoryData<string, Exception> Transient => new()
    {
        {
            "connection refused, wrapped by EF Core's execution strategy",
            new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
                new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)))
        },
        { "connection reset while reading", new NpgsqlException("Exception while reading from stream", new IOException("Connection reset by peer")) },
        { "server shutting down", Postgres("57P01", "terminating connection due to administrator command") },
        { "server starting up", Postgres("57P03", "the database system is starting up") },
        { "too many connections", Postgres("53300", "sorry, too many clients already") },
        { "shutdown during a save", new DbUpdateException("An error occurred while saving the entity changes.", Postgres("57P01", "terminating connection")) },
        { "command timeout", new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt")) },
        { "a bare timeout", new TimeoutException() },
        { "inside an aggregate", new AggregateException(new ArgumentException("other"), new SocketException((int)SocketError.ConnectionReset)) },
    };

    public static TheoryData<string, Exception> NotTransient => new()
    {
        { "unique violation", new DbUpdateException("save", Postgres("23505", "duplicate key value violates unique constraint")) },
        { "NUL in a text value", Postgres("22021", "invalid byte sequence for encoding \"UTF8\": 0x00") },
        { "a bug", new InvalidOperationException("Sequence contains no elements") },
        { "a bug wrapping a bug", new InvalidOperationException("outer", new ArgumentNullException("x")) },
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public void Passing_outages_are_recognised_however_they_are_wrapped(string because, Exception exception) =>
        TransientFailures.FindTransient(exception).Should().NotBeNull(because);

    [Theory]
    [MemberData(nameof(NotTransient))]
    public void Other_failures_are_not_outages(string because, Exception exception) =>
        TransientFailures.FindTransient(exception).Should().BeNull(because);

    [Fact]
    public void The_log_line_names_the_innermost_cause()
    {
        var exception = new InvalidOperationException("transient",
            new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)));
        TransientFailures.CauseOf(exception).Should().StartWith("SocketException: ").And.Contain("refused");
    }
}
