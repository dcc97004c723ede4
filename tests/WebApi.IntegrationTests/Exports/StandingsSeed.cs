using System.Text;
using Npgsql;

namespace LearningPlatform.WebApi.IntegrationTests.Exports;

/// <summary>Standings written straight into the table (set-based, seconds for 100,000), and the CSV reader that checks them.</summary>
internal static class StandingsSeed
{
    /// <summary>Names a CSV must quote (RFC 4180): commas, double quotes, both.</summary>
    public static readonly string[] AwkwardNames = ["Smith, Jane", "The \"Ace\"", "O'Hara, \"Q\", Jr", "Zoë 学生"];

    /// <summary>
    /// <paramref name="count"/> standings for <paramref name="examId"/>: every fifth tied with the one before, prizes for
    /// the first 20 (coins, then a coupon campaign), learners with names (some awkward) except every seventh (no row).
    /// </summary>
    public static async Task SeedAsync(string connectionString, Guid examId, int count, Guid couponCampaignId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO learners (id, display_name, name_source, updated_at)
            SELECT md5(@exam::text || g)::uuid,
                   CASE WHEN g % 1000 BETWEEN 1 AND 4 THEN (@names)[g % 1000] ELSE 'Learner ' || g END,
                   'Profile', now()
            FROM generate_series(1, @count) g
            WHERE g % 7 <> 0;
            INSERT INTO standings (exam_id, position, rank, learner_id, result_id, score, total_elapsed_ms, finished_at, prize_coins, coupon_campaign_id)
            SELECT @exam, g, CASE WHEN g % 5 = 0 THEN g - 1 ELSE g END, md5(@exam::text || g)::uuid, gen_random_uuid(),
                   1000000 - g / 2, g::bigint * 7, now(),
                   CASE WHEN g <= 10 THEN 1000 / g END,
                   CASE WHEN g BETWEEN 11 AND 20 THEN @campaign END
            FROM generate_series(1, @count) g;
            """, connection);
        command.Parameters.AddWithValue("exam", examId);
        command.Parameters.AddWithValue("names", AwkwardNames);
        command.Parameters.AddWithValue("count", count);
        command.Parameters.AddWithValue("campaign", couponCampaignId);
        command.CommandTimeout = 120;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The standings table as the CSV must show it: one array of fields per row, in position order.</summary>
    public static async Task<List<string[]>> ReadTableAsync(string connectionString, Guid examId)
    {
        var rows = new List<string[]>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT s.position, s.rank, s.learner_id, l.display_name, s.score, s.total_elapsed_ms, s.prize_coins, s.coupon_campaign_id
            FROM standings s LEFT JOIN learners l ON l.id = s.learner_id
            WHERE s.exam_id = @exam ORDER BY s.position
            """, connection);
        command.Parameters.AddWithValue("exam", examId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add([
                reader.GetInt32(0).ToString(), reader.GetInt32(1).ToString(), reader.GetGuid(2).ToString(),
                reader.IsDBNull(3) ? "" : reader.GetString(3), reader.GetInt32(4).ToString(), reader.GetInt64(5).ToString(),
                reader.IsDBNull(6) ? "" : reader.GetInt64(6).ToString(), reader.IsDBNull(7) ? "" : reader.GetGuid(7).ToString(),
            ]);
        }

        return rows;
    }

    /// <summary>RFC 4180: records end at CRLF or LF outside quotes; a quoted field may hold commas, line breaks and "" for a quote.</summary>
    public static List<string[]> ParseCsv(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        quoted.Should().BeFalse("every quoted field is closed");
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }

        return records;
    }
}
