using System.Net;
using System.Text.Json;
using LearningPlatform.TestSupport;
using Npgsql;

namespace LearningPlatform.WebApi.IntegrationTests.Ranking;

/// <summary>The rankings screen's charts: the score distribution and participants over time, counted in the database.</summary>
public class RankingStatisticsTests(RankingApiFactory api) : IClassFixture<RankingApiFactory>
{
    private async Task<JsonElement> StatisticsAsync(Guid examId, string query = "")
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var response = await admin.GetAsync($"/api/learning/admin/rankings/{examId}/statistics{query}");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task An_open_exam_is_charted_from_each_learners_best_counted_result_so_far()
    {
        var now = api.Clock.GetUtcNow();
        // Five 10-point questions (max 50); open an hour ago, closing in two hours, ten minutes per attempt: 19 slices of 10 minutes.
        var exam = await api.AddExamAsync(questions: 5, opensAt: now.AddHours(-1), closesAt: now.AddHours(2), duration: TimeSpan.FromMinutes(10));
        var opens = exam.OpensAt;
        var (a, b, c, d) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await ResultSeed.InsertAsync(api.Database.ConnectionString, exam.Id,
        [
            new SeededResult(a, 10, 1000, opens.AddMinutes(5)),
            new SeededResult(a, 30, 1000, opens.AddMinutes(25)),
            new SeededResult(b, 50, 1000, opens.AddMinutes(26)),
            new SeededResult(c, 0, 1000, opens.AddMinutes(45)),
            new SeededResult(d, 40, 1000, opens.AddMinutes(6), Invalidated: true),
        ]);

        var stats = await StatisticsAsync(exam.Id, "?scoreBuckets=5&timeBuckets=19");

        stats.GetProperty("status").GetString().Should().Be("OPEN");
        stats.GetProperty("source").GetString().Should().Be("RESULTS");
        stats.GetProperty("participants").GetInt64().Should().Be(3, "the invalidated attempt never counts");
        stats.GetProperty("maxScore").GetInt32().Should().Be(50);
        stats.GetProperty("scores").EnumerateArray()
            .Select(s => (s.GetProperty("from").GetInt32(), s.GetProperty("to").GetInt32(), s.GetProperty("learners").GetInt64()))
            .Should().Equal((0, 10, 1L), (11, 21, 0L), (22, 32, 1L), (33, 43, 0L), (44, 50, 1L));
        var slices = stats.GetProperty("completions").EnumerateArray().ToList();
        slices.Should().HaveCount(19);
        slices[0].GetProperty("from").GetDateTimeOffset().Should().BeCloseTo(opens, TimeSpan.FromMilliseconds(1), "the exam's times are stored to the microsecond");
        slices[^1].GetProperty("to").GetDateTimeOffset().Should().BeCloseTo(exam.ClosesAt.AddMinutes(10), TimeSpan.FromMilliseconds(1));
        slices.Select(s => (s.GetProperty("completions").GetInt64(), s.GetProperty("newParticipants").GetInt64())).Take(6)
            .Should().Equal((1L, 1L), (0L, 0L), (2L, 1L), (0L, 0L), (1L, 1L), (0L, 0L));
        slices.Skip(6).Should().OnlyContain(s => s.GetProperty("completions").GetInt64() == 0);
    }

    [Fact]
    public async Task A_ranked_exam_is_charted_from_its_standings()
    {
        var exam = await api.AddRankedExamAsync(publish: false);
        await using (var connection = new NpgsqlConnection(api.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO standings (exam_id, position, rank, learner_id, result_id, score, total_elapsed_ms, finished_at)
                VALUES (@exam, 1, 1, gen_random_uuid(), gen_random_uuid(), 10, 1, now()),
                       (@exam, 2, 1, gen_random_uuid(), gen_random_uuid(), 10, 1, now()),
                       (@exam, 3, 3, gen_random_uuid(), gen_random_uuid(), 0, 1, now())
                """, connection);
            insert.Parameters.AddWithValue("exam", exam.Id);
            await insert.ExecuteNonQueryAsync();
        }

        var stats = await StatisticsAsync(exam.Id);

        stats.GetProperty("status").GetString().Should().Be("RANKED");
        stats.GetProperty("source").GetString().Should().Be("STANDINGS");
        stats.GetProperty("participants").GetInt64().Should().Be(3);
        var scores = stats.GetProperty("scores").EnumerateArray().ToList();
        scores.Should().HaveCount(11, "one bucket per score when the maximum (10) is small");
        scores[0].GetProperty("learners").GetInt64().Should().Be(1);
        scores[10].GetProperty("learners").GetInt64().Should().Be(2);
        stats.GetProperty("completions").GetArrayLength().Should().Be(24);
    }

    [Fact]
    public async Task An_unknown_exam_is_404_and_bucket_counts_out_of_range_are_400()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        await (await admin.GetAsync($"/api/learning/admin/rankings/{Guid.NewGuid()}/statistics"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "exam.not_found");
        var exam = await api.AddExamAsync();
        await (await admin.GetAsync($"/api/learning/admin/rankings/{exam.Id}/statistics?scoreBuckets=0"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        await (await admin.GetAsync($"/api/learning/admin/rankings/{exam.Id}/statistics?timeBuckets=201"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
    }
}
