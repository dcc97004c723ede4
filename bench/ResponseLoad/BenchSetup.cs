using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LearningPlatform.ResponseLoad;

public sealed class BenchSetupException(string message) : Exception(message);

/// <summary>One learner's open attempt: what the mobile app keeps after the start call.</summary>
public sealed class Learner(Guid id, string accessToken, StartedAttempt attempt, long startedAtTimestamp)
{
    public Guid Id { get; } = id;
    public AuthenticationHeaderValue Authorization { get; } = new("Bearer", accessToken);
    public StartedAttempt Attempt { get; } = attempt;
    public int NextQuestion { get; set; }
    /// <summary>When the start response arrived: the server started the attempt before this.</summary>
    public long StartedTimestamp { get; } = startedAtTimestamp;
    /// <summary>Sum of the elapsedMs sent so far.</summary>
    public long ClaimedMs { get; set; }
}

public sealed record StartedAttempt(Guid AttemptId, string AttemptToken, List<StartedQuestion> Questions);

public sealed record StartedQuestion(Guid Id, List<StartedChoice> Choices);

public sealed record StartedChoice(Guid Id);

public sealed record DbCheck(long Responses, long Flagged);

public static class BenchSetup
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An exam open now for a long time, created through the domain API like any other exam.</summary>
    public static async Task<Guid> CreateExamAsync(BenchOptions options, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var exam = Exam.Create(
            $"Bench exam {now:O}", now.AddMinutes(-5), now.AddHours(3), TimeSpan.FromHours(2), now, maxAttempts: 1);
        for (var i = 0; i < options.Questions; i++)
        {
            exam.AddQuestion($"Bench question {i}?", 10,
                [($"right {i}", true), ($"wrong {i}", false), ($"other {i}", false), ($"none {i}", false)]);
        }

        await using var db = NewDbContext(options);
        db.Exams.Add(exam);
        await db.SaveChangesAsync(ct);
        return exam.Id;
    }

    public static HttpClient CreateHttpClient(BenchOptions options) =>
        new(new SocketsHttpHandler
        {
            // One connection per worker: no request waits for a free connection in the client.
            MaxConnectionsPerServer = options.Workers + 8,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = options.BaseUrl,
            Timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
        };

    /// <summary>Mints a token per learner and starts one attempt each (not measured).</summary>
    public static async Task<List<Learner>> StartAttemptsAsync(
        HttpClient http, BenchOptions options, BenchTokenServer tokens, Guid examId, CancellationToken ct)
    {
        using var setup = CancellationTokenSource.CreateLinkedTokenSource(ct);
        setup.CancelAfter(TimeSpan.FromSeconds(options.SetupTimeoutSeconds));
        var count = options.Workers * options.LearnersPerWorker;
        var learners = new Learner[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = setup.Token },
            async (i, token) =>
            {
                var learnerId = Guid.NewGuid();
                var accessToken = tokens.MintLearnerToken(learnerId, options.Audience);
                using var request = new HttpRequestMessage(HttpMethod.Post, $"api/learning/app/exams/{examId}/attempts");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                using var response = await http.SendAsync(request, token);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new BenchSetupException(
                        $"starting an attempt answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
                }

                var attempt = await response.Content.ReadFromJsonAsync<StartedAttempt>(Json, token)
                    ?? throw new BenchSetupException("empty start response");
                if (attempt.Questions.Count != options.Questions)
                {
                    throw new BenchSetupException($"the start response listed {attempt.Questions.Count} questions, expected {options.Questions}");
                }

                learners[i] = new Learner(learnerId, accessToken, attempt, Stopwatch.GetTimestamp());
            });
        return [.. learners];
    }

    /// <summary>Rows actually written for the bench exam, and attempts the clock check flagged.</summary>
    public static async Task<DbCheck> CheckAsync(BenchOptions options, Guid examId, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(options.Database);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM responses r JOIN attempts a ON a.id = r.attempt_id WHERE a.exam_id = @exam),
                   (SELECT count(*) FROM attempts WHERE exam_id = @exam AND flagged_for_review)
            """, connection);
        command.Parameters.AddWithValue("exam", examId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new DbCheck(reader.GetInt64(0), reader.GetInt64(1));
    }

    private static LearningDbContext NewDbContext(BenchOptions options) =>
        new(new DbContextOptionsBuilder<LearningDbContext>()
            .UseNpgsql(options.Database)
            .UseSnakeCaseNamingConvention()
            .Options);
}
