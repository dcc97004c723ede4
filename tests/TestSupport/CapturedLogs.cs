using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.TestSupport;

/// <summary>One captured log entry. <see cref="Text"/> is what a text log would show: the message, then the exception with its stack trace.</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception)
{
    public string Text => Exception is null ? Message : $"{Message} {Exception}";
}

/// <summary>A logger provider that keeps every entry, for tests that assert what an operator would read.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>How many entries there are now; <see cref="Since"/> returns what came after.</summary>
    public int Mark => _entries.Count;

    /// <summary>What was logged after <paramref name="mark"/> (a <see cref="Mark"/> taken earlier).</summary>
    public IReadOnlyList<LogEntry> Since(int mark) => [.. _entries.Skip(mark)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs._entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), exception));
    }
}
