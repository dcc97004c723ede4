using System.Buffers;
using LearningPlatform.Application.Exports;
using Npgsql;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// An exam's standings as CSV straight from PostgreSQL: <c>COPY (query) TO STDOUT (FORMAT csv, HEADER)</c>, so the
/// server does the formatting and RFC 4180 quoting, and the bytes are passed on as they arrive, 64 KB at a time —
/// never decoded, never materialised. The query walks the standings' primary key (exam, position), so PostgreSQL
/// streams too (no sort). Rows are counted on the way: line feeds outside quoted fields, less the header.
/// </summary>
internal sealed class SqlStandingsCsv(string connectionString) : IStandingsCsv
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>How long one read may wait: the upload pauses the copy while a part goes up (<c>S3:TransferTimeout</c>).</summary>
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromMinutes(10);

    public static string CopyCommand(Guid examId) => $"""
        COPY (
            SELECT s.position, s.rank, s.learner_id, l.display_name, s.score, s.total_elapsed_ms, s.prize_coins, s.coupon_campaign_id
            FROM standings s LEFT JOIN learners l ON l.id = s.learner_id
            WHERE s.exam_id = '{examId}'
            ORDER BY s.position
        ) TO STDOUT (FORMAT csv, HEADER)
        """;

    public async Task<long> WriteAsync(Guid examId, Stream target, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // BeginRawBinaryCopy refuses a text COPY; the text export's reader is a StreamReader over the raw copy stream,
        // which is read here directly (the bytes PostgreSQL sends, UTF-8), skipping the decode and re-encode.
        using var reader = (StreamReader)await connection.BeginTextExportAsync(CopyCommand(examId), cancellationToken);
        var raw = reader.BaseStream;
        if (raw.CanTimeout)
        {
            raw.ReadTimeout = (int)ReadTimeout.TotalMilliseconds;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var counter = new CsvLineCounter();
            int read;
            while ((read = await raw.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                counter.Add(buffer.AsSpan(0, read));
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            return Math.Max(0, counter.Lines - 1);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>Counts the records of CSV text: line feeds outside quoted fields (an escaped quote, <c>""</c>, toggles twice).</summary>
internal struct CsvLineCounter
{
    private bool _quoted;

    public long Lines { get; private set; }

    public void Add(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty)
        {
            var next = chunk.IndexOfAny((byte)'"', (byte)'\n');
            if (next < 0)
            {
                return;
            }

            if (chunk[next] == (byte)'"')
            {
                _quoted = !_quoted;
            }
            else if (!_quoted)
            {
                Lines++;
            }

            chunk = chunk[(next + 1)..];
        }
    }
}
