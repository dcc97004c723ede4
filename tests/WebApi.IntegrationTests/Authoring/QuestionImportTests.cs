using System.Net;
using System.Text;
using System.Text.Json;
using LearningPlatform.TestSupport;
using LearningPlatform.WebApi.IntegrationTests.Ranking;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.WebApi.IntegrationTests.Authoring;

/// <summary>GIFT and JSON imports into the bank: all or nothing, problems by line or item, duplicates never created twice.</summary>
public class QuestionImportTests(RankingApiFactory api) : IClassFixture<RankingApiFactory>
{
    private async Task<HttpClient> AdminAsync() => api.ClientWith((await api.Identity.AdminAsync()).AccessToken);

    private static Task<HttpResponseMessage> GiftAsync(HttpClient admin, string text, Guid? categoryId = null) =>
        admin.PostAsync($"{AdminCalls.Admin}/questions/import/gift{(categoryId is null ? "" : $"?categoryId={categoryId}")}",
            new StringContent(text, Encoding.UTF8, "text/plain"));

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task The_example_GIFT_file_creates_exactly_its_questions_and_a_second_import_creates_nothing()
    {
        var admin = await AdminAsync();
        var gift = await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot(), "docs", "examples", "question-bank.gift"));
        var before = await api.WithDbAsync(db => db.BankQuestions.CountAsync());

        var first = await JsonOf(await GiftAsync(admin, gift), HttpStatusCode.OK);

        first.GetProperty("created").GetInt32().Should().Be(30);
        first.GetProperty("duplicates").GetArrayLength().Should().Be(0);
        (await api.WithDbAsync(db => db.BankQuestions.CountAsync())).Should().Be(before + 30);
        var geography = await api.WithDbAsync(db => db.QuestionCategories.SingleAsync(c => c.Name == "Geography"));
        (await api.WithDbAsync(db => db.BankQuestions.CountAsync(q => q.CategoryId == geography.Id))).Should().Be(15);
        var australia = await api.WithDbAsync(db => db.QuestionVersions.AsNoTracking().SingleAsync(v => v.Title == "Capital of Australia"));
        australia.Choices.Single(c => c.IsCorrect).Text.Should().Be("Canberra");
        australia.Tags.Should().BeEquivalentTo("capitals", "oceania");

        var second = await JsonOf(await GiftAsync(admin, gift), HttpStatusCode.OK);

        second.GetProperty("created").GetInt32().Should().Be(0);
        second.GetProperty("duplicates").GetArrayLength().Should().Be(30);
        (await api.WithDbAsync(db => db.BankQuestions.CountAsync())).Should().Be(before + 30);
        (await api.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "imported"))).Should().Be(before + 30);
    }

    [Fact]
    public async Task A_GIFT_file_with_one_bad_question_creates_nothing_and_names_its_line()
    {
        var admin = await AdminAsync();
        var category = await admin.CreateCategoryAsync($"Import {Guid.NewGuid():N}");
        const string gift = """
            // two good questions and one with partial credit
            ::One:: First {=a ~b}

            ::Two:: Second {=c ~d}

            ::Three:: Third {=e ~%50%f}
            """;

        var problem = await JsonOf(await GiftAsync(admin, gift, category), HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().Should().Be("import.refused");
        var only = problem.GetProperty("problems").EnumerateArray().Single();
        only.GetProperty("line").GetInt32().Should().Be(6);
        only.GetProperty("code").GetString().Should().Be("import.partial_credit_unsupported");
        (await api.WithDbAsync(db => db.BankQuestions.CountAsync(q => q.CategoryId == category))).Should().Be(0);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_before_it_is_read_and_a_question_without_a_category_is_a_problem()
    {
        var admin = await AdminAsync();
        var before = await api.WithDbAsync(db => db.BankQuestions.CountAsync());
        var huge = string.Concat(Enumerable.Repeat("::Q:: Big? {=a ~b}\n\n", 60_000));
        Encoding.UTF8.GetByteCount(huge).Should().BeGreaterThan(1024 * 1024);

        await (await GiftAsync(admin, huge)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request.too_large");

        var homeless = await JsonOf(await GiftAsync(admin, "::Q:: Where do I go? {=here ~there}"), HttpStatusCode.BadRequest);
        homeless.GetProperty("problems")[0].GetProperty("code").GetString().Should().Be("import.no_category");
        (await api.WithDbAsync(db => db.BankQuestions.CountAsync())).Should().Be(before);
    }

    [Fact]
    public async Task A_JSON_import_creates_its_questions_and_a_bad_item_is_named_by_index()
    {
        var admin = await AdminAsync();
        var category = $"Json {Guid.NewGuid():N}";
        var good = new
        {
            questions = new object[]
            {
                new { category, stem = "Two plus two?", points = 5, tags = new[] { "math" },
                    choices = new[] { new { text = "4", correct = true }, new { text = "5", correct = false } } },
                new { category, stem = "Is water wet?", explanation = "It is.",
                    choices = new[] { new { text = "True", correct = true }, new { text = "False", correct = false } } },
            },
        };

        var report = await JsonOf(await admin.SendAsync(HttpMethod.Post, "/questions/import", good), HttpStatusCode.OK);

        report.GetProperty("created").GetInt32().Should().Be(2);
        report.GetProperty("categoriesCreated").EnumerateArray().Select(c => c.GetString()).Should().Equal(category);
        var bad = new
        {
            questions = new object[]
            {
                new { category, stem = "Fine?", choices = new[] { new { text = "yes", correct = true }, new { text = "no", correct = false } } },
                new { category, stem = "No right answer?", choices = new[] { new { text = "a", correct = false }, new { text = "b", correct = false } } },
            },
        };

        var problem = await JsonOf(await admin.SendAsync(HttpMethod.Post, "/questions/import", bad), HttpStatusCode.BadRequest);

        problem.GetProperty("problems").EnumerateArray().Should().ContainSingle(p => p.GetProperty("item").GetInt32() == 1
            && p.GetProperty("code").GetString() == "import.no_correct_choice");
        (await api.WithDbAsync(db => db.QuestionVersions.CountAsync(v => v.Stem == "Fine?"))).Should().Be(0);
    }
}
