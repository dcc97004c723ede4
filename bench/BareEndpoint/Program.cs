// GET /leaderboards/{examId}?offset=&limit= answered from memory with a page shaped like the WebApi's
// LeaderboardPageDto: { examId, final, total, offset, limit, entries: [{ position, rank, learnerId, score,
// totalElapsedMs }] }. The entries are built and serialized per request, as the WebApi does after reading Redis.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

const long total = 1_000_000;
var learners = Enumerable.Range(0, 4096).Select(_ => Guid.NewGuid()).ToArray();

app.MapGet("/health/live", () => TypedResults.Ok());
app.MapGet("/leaderboards/{examId:guid}", (Guid examId, long? offset, int? limit) =>
{
    var from = offset ?? 0;
    var count = (int)Math.Clamp(Math.Min(limit ?? 20, total - from), 0, 100);
    var entries = new List<Entry>(count);
    for (var i = 0; i < count; i++)
    {
        var position = from + i + 1;
        entries.Add(new Entry(position, (int)(position - (position - 1) % 7), learners[position % learners.Length],
            (int)(50 - position * 51 / total), 1000 * (1 + position % 600)));
    }

    return TypedResults.Ok(new Page(examId, true, total, from, count, entries));
});

app.Run();

internal sealed record Entry(long Position, int Rank, Guid LearnerId, int Score, long TotalElapsedMs);

internal sealed record Page(Guid ExamId, bool Final, long Total, long Offset, int Limit, IReadOnlyList<Entry> Entries);
