using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace LearningPlatform.MobileClient;

public sealed class MobileAppOptions
{
    /// <summary>The OAuth client of the first-party app (password and refresh_token grants).</summary>
    public string ClientId { get; init; } = "learning-mobile";

    /// <summary>Refresh the access token when less than this is left of it, as the app does before a call.</summary>
    public TimeSpan RefreshBefore { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Tries per call when a retry is safe (see <see cref="MobileApp"/>); at least 1.</summary>
    public int MaxTries { get; init; } = 4;

    /// <summary>The longest a <c>Retry-After</c> is waited; a longer one ends the call with its error.</summary>
    public TimeSpan MaxRetryWait { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The mobile app's calls, one method per step of its flow, over HTTP through the gateway only (the base address of the
/// <see cref="HttpClient"/> given). One instance is one learner on one phone: the signed-in tokens live here, and calls are
/// made one at a time. Every call is reported to the <see cref="IStepObserver"/>; a refusal throws <see cref="ApiException"/>.
/// Retries happen only where the API says a repeat is safe: a 429 with <c>Retry-After</c> (limits and throttles run before
/// anything is done or stored), and — for a GET or a call carrying an <c>Idempotency-Key</c>, whose repeat the server
/// answers as a replay — a 503 or a 409 <c>idempotency.in_flight</c>/<c>attempt.start_in_progress</c> with
/// <c>Retry-After</c>, or a connection that failed before any answer. A repeat sends the same key.
/// </summary>
public sealed class MobileApp(HttpClient http, IStepObserver? observer = null, MobileAppOptions? options = null, TimeProvider? clock = null)
{
    private const string App = "api/learning/app";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly MobileAppOptions _options = options ?? new MobileAppOptions();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private string? _accessToken;
    private string? _refreshToken;
    private DateTimeOffset _accessExpiresAt;

    /// <summary>The signed-in learner's id (the access token's <c>sub</c>); empty before sign-in.</summary>
    public Guid LearnerId { get; private set; }

    public bool SignedIn => _accessToken is not null;

    /// <summary>When the access token in use runs out (the app refreshes <see cref="MobileAppOptions.RefreshBefore"/> earlier).</summary>
    public DateTimeOffset AccessTokenExpiresAt => _accessExpiresAt;

    // ---- account ---------------------------------------------------------------------------------------------------

    /// <summary><c>POST /api/auth/register</c>: 202 whether or not the address was taken (accounts cannot be enumerated).</summary>
    public async Task RegisterAsync(string email, string password, string displayName, CancellationToken ct = default)
    {
        // Registering is safe to repeat (README: never half done or doubled, 202 for a taken address), so it is
        // retried like a call with a key.
        using var response = await SendAsync(StepNames.Register, () => new HttpRequestMessage(HttpMethod.Post, "api/auth/register")
        {
            Content = JsonContent.Create(new { email, password, displayName }, options: Json),
        }, authenticated: false, ct, repeatable: true);
    }

    /// <summary>The password grant of <c>learning-mobile</c> with <c>offline_access</c>: an access and a refresh token.</summary>
    public async Task SignInAsync(string email, string password, CancellationToken ct = default)
    {
        using var response = await SendAsync(StepNames.SignIn, () => TokenRequest(
            ("grant_type", "password"), ("username", email), ("password", password), ("client_id", _options.ClientId),
            ("scope", "learning.app offline_access")), authenticated: false, ct);
        await KeepTokensAsync(response, ct);
    }

    /// <summary>The refresh_token grant: a new pair (refresh tokens rotate: the old one is spent).</summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        var refresh = _refreshToken ?? throw new InvalidOperationException("Not signed in with offline_access: no refresh token.");
        using var response = await SendAsync(StepNames.Refresh, () => TokenRequest(
            ("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", _options.ClientId)), authenticated: false, ct);
        await KeepTokensAsync(response, ct);
    }

    // ---- exams and attempts ----------------------------------------------------------------------------------------

    public Task<IReadOnlyList<Exam>> ListExamsAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<Exam>>(StepNames.Exams, $"{App}/exams", ct);

    /// <summary>
    /// <c>POST /exams/{examId}/attempts</c> with an <c>Idempotency-Key</c> (a new one unless given). Two steps are
    /// reported: <c>start</c> until the answer's first bytes, <c>questions</c> until the streamed array has been read;
    /// <paramref name="onQuestion"/> sees each question as soon as it has arrived.
    /// </summary>
    public async Task<StartedAttempt> StartAttemptAsync(
        Guid examId, string? idempotencyKey = null, Action<Question>? onQuestion = null, CancellationToken ct = default)
    {
        var key = idempotencyKey ?? Guid.NewGuid().ToString();
        var started = Stopwatch.StartNew();
        var causes = new List<string>();
        using var response = await SendAsync(StepNames.Start, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{App}/exams/{examId}/attempts");
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }, authenticated: true, ct, HttpCompletionOption.ResponseHeadersRead, report: false, onRetry: causes.Add);

        var reader = new StartResponseReader(Json);
        var firstBytes = TimeSpan.Zero;
        IReadOnlyList<Question> questions;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            questions = await reader.ReadAsync(body, onQuestion, () => firstBytes = started.Elapsed, ct);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidDataException or JsonException)
        {
            Report(StepNames.Start, started.Elapsed, (int)response.StatusCode, "client.stream_broken", causes.Count, causes);
            throw;
        }

        Report(StepNames.Start, firstBytes, (int)response.StatusCode, null, causes.Count, causes);
        Report(StepNames.Questions, started.Elapsed - firstBytes, (int)response.StatusCode, null, 0);
        return new StartedAttempt(examId, reader.AttemptId, reader.AttemptToken!, reader.ExpiresAt, reader.Resumed, questions);
    }

    /// <summary><c>POST /attempts/{id}/responses</c> with <c>X-Attempt-Token</c>. Not retried: it carries no key.</summary>
    public Task<AnswerResult> AnswerAsync(StartedAttempt attempt, Guid questionId, Guid choiceId, long elapsedMs, CancellationToken ct = default) =>
        SendForAsync<AnswerResult>(StepNames.Answer, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{App}/attempts/{attempt.AttemptId}/responses")
            {
                Content = JsonContent.Create(new { questionId, choiceId, elapsedMs }, options: Json),
            };
            request.Headers.Add("X-Attempt-Token", attempt.AttemptToken);
            return request;
        }, ct);

    /// <summary><c>POST /attempts/{id}/complete</c> with <c>X-Attempt-Token</c> and an <c>Idempotency-Key</c>.</summary>
    public Task<Completion> CompleteAsync(StartedAttempt attempt, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var key = idempotencyKey ?? Guid.NewGuid().ToString();
        return SendForAsync<Completion>(StepNames.Complete, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{App}/attempts/{attempt.AttemptId}/complete");
            request.Headers.Add("X-Attempt-Token", attempt.AttemptToken);
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }, ct);
    }

    /// <summary>The final screen: what the result notification's deeplink <c>learning://exams/{examId}/result</c> opens.</summary>
    public Task<ExamResult> OpenResultAsync(Guid examId, CancellationToken ct = default) =>
        GetAsync<ExamResult>(StepNames.Result, $"{App}/exams/{examId}/result", ct);

    /// <summary>Opens a deeplink the app knows (<c>learning://exams/{examId}/result</c>).</summary>
    public Task<ExamResult> OpenDeeplinkAsync(string deeplink, CancellationToken ct = default)
    {
        var uri = new Uri(deeplink);
        var parts = uri.AbsolutePath.Trim('/').Split('/');
        if (uri.Scheme != "learning" || uri.Host != "exams" || parts.Length != 2 || parts[1] != "result" || !Guid.TryParse(parts[0], out var examId))
        {
            throw new ArgumentException($"Not a deeplink this app opens: {deeplink}", nameof(deeplink));
        }

        return OpenResultAsync(examId, ct);
    }

    public Task<LeaderboardPage> GetLeaderboardAsync(Guid examId, int offset = 0, int limit = 20, CancellationToken ct = default) =>
        GetAsync<LeaderboardPage>(StepNames.Leaderboard, $"{App}/leaderboards/{examId}?offset={offset}&limit={limit}", ct);

    public Task<MyStanding> GetMyStandingAsync(Guid examId, CancellationToken ct = default) =>
        GetAsync<MyStanding>(StepNames.Me, $"{App}/leaderboards/{examId}/me", ct);

    // ---- rewards, devices, inbox -----------------------------------------------------------------------------------

    public async Task<IReadOnlyList<Reward>> ListRewardsAsync(CancellationToken ct = default) =>
        (await GetAsync<RewardList>(StepNames.Rewards, $"{App}/rewards", ct)).Rewards;

    /// <summary><c>POST /rewards/{id}/claim</c> with an <c>Idempotency-Key</c>: ASSIGNED → REQUESTED.</summary>
    public Task<Reward> ClaimRewardAsync(Guid rewardId, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var key = idempotencyKey ?? Guid.NewGuid().ToString();
        return SendForAsync<Reward>(StepNames.Claim, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{App}/rewards/{rewardId}/claim");
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }, ct);
    }

    /// <summary><c>PUT /devices</c>: this phone's FCM token (<paramref name="platform"/> ios or android).</summary>
    public Task<Device> RegisterDeviceAsync(string token, string platform, CancellationToken ct = default) =>
        SendForAsync<Device>(StepNames.Device, () => new HttpRequestMessage(HttpMethod.Put, $"{App}/devices")
        {
            Content = JsonContent.Create(new { token, platform }, options: Json),
        }, ct);

    public async Task<IReadOnlyList<Notification>> ListNotificationsAsync(CancellationToken ct = default) =>
        (await GetAsync<NotificationList>(StepNames.Inbox, $"{App}/notifications?offset=0&limit=50", ct)).Notifications;

    public Task<Notification> MarkReadAsync(Guid notificationId, CancellationToken ct = default) =>
        SendForAsync<Notification>(StepNames.Read, () => new HttpRequestMessage(HttpMethod.Post, $"{App}/notifications/{notificationId}/read"), ct);

    // ---- courses ---------------------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<CourseSummary>> ListCoursesAsync(CancellationToken ct = default) =>
        (await GetAsync<CourseList>(StepNames.Courses, $"{App}/courses?offset=0&limit=50", ct)).Courses;

    public Task<Course> GetCourseAsync(Guid courseId, CancellationToken ct = default) =>
        GetAsync<Course>(StepNames.Course, $"{App}/courses/{courseId}", ct);

    /// <summary><c>PUT /lessons/{id}/progress</c>: the answer is what is stored (progress only moves forward).</summary>
    public Task<LessonProgress> ReportProgressAsync(Guid lessonId, int percent, int position, bool completed = false, CancellationToken ct = default) =>
        SendForAsync<LessonProgress>(StepNames.Progress, () => new HttpRequestMessage(HttpMethod.Put, $"{App}/lessons/{lessonId}/progress")
        {
            Content = JsonContent.Create(new { percent, position, completed }, options: Json),
        }, ct);

    // ---- plumbing --------------------------------------------------------------------------------------------------

    private Task<T> GetAsync<T>(string step, string path, CancellationToken ct) =>
        SendForAsync<T>(step, () => new HttpRequestMessage(HttpMethod.Get, path), ct);

    private async Task<T> SendForAsync<T>(string step, Func<HttpRequestMessage> build, CancellationToken ct)
    {
        using var response = await SendAsync(step, build, authenticated: true, ct);
        return await response.Content.ReadFromJsonAsync<T>(Json, ct)
               ?? throw new InvalidDataException($"{step}: an empty body.");
    }

    private static HttpRequestMessage TokenRequest(params (string Key, string Value)[] fields) =>
        new(HttpMethod.Post, "api/auth/connect/token")
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))),
        };

    private async Task KeepTokensAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var root = json.RootElement;
        _accessToken = root.GetProperty("access_token").GetString();
        _refreshToken = root.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : _refreshToken;
        _accessExpiresAt = _clock.GetUtcNow().AddSeconds(root.GetProperty("expires_in").GetInt32());
        LearnerId = Guid.Parse(Subject(_accessToken!));
    }

    /// <summary>The <c>sub</c> of a JWT (the app reads its own token; the signature is the server's business).</summary>
    private static string Subject(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        using var json = JsonDocument.Parse(Convert.FromBase64String(payload));
        return json.RootElement.GetProperty("sub").GetString()!;
    }

    private async Task<HttpResponseMessage> SendAsync(
        string step, Func<HttpRequestMessage> build, bool authenticated, CancellationToken ct,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, bool report = true, Action<string>? onRetry = null,
        bool repeatable = false)
    {
        if (authenticated)
        {
            await EnsureFreshTokenAsync(ct);
        }

        var watch = Stopwatch.StartNew();
        var retries = 0;
        var causes = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            using var request = build();
            if (authenticated)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _accessToken ?? throw new InvalidOperationException("Sign in first."));
            }

            var replayable = repeatable || request.Method == HttpMethod.Get || request.Headers.Contains("Idempotency-Key");
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, completion, ct);
            }
            catch (HttpRequestException) when (replayable && attempt < _options.MaxTries && !ct.IsCancellationRequested)
            {
                // No answer came: with a key (or a GET) the repeat is a replay, never a second action.
                retries++;
                causes.Add("connection");
                onRetry?.Invoke("connection");
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct);
                continue;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                if (report)
                {
                    Report(step, watch.Elapsed, 0, e is TaskCanceledException ? "client.timeout" : "client.connection_failed", retries, causes);
                }

                throw;
            }

            if (response.IsSuccessStatusCode)
            {
                if (report)
                {
                    Report(step, watch.Elapsed, (int)response.StatusCode, null, retries, causes);
                }

                return response;
            }

            var body = await response.Content.ReadAsStringAsync(ct);
            var problem = ReadProblem(body);
            var wait = RetryAfter(response);
            var safe = (int)response.StatusCode switch
            {
                429 => true,
                503 => replayable,
                409 => replayable && problem?.Code is "idempotency.in_flight" or "attempt.start_in_progress",
                // The gateway could not reach a service or it did not answer in time: the call may or may not have
                // been done, so only a repeatable one is sent again (a key's repeat is a replay, or 409 while it runs).
                502 or 504 => replayable && problem?.Code is "upstream.unavailable" or "upstream.timeout",
                _ => false,
            };
            if (safe && wait is null && (int)response.StatusCode is 502 or 504)
            {
                wait = TimeSpan.FromSeconds(attempt);
            }

            if (safe && wait is { } delay && delay <= _options.MaxRetryWait && attempt < _options.MaxTries)
            {
                response.Dispose();
                retries++;
                causes.Add($"{(int)response.StatusCode} {problem?.Code ?? "-"}");
                onRetry?.Invoke(causes[^1]);
                await Task.Delay(delay, ct);
                continue;
            }

            Report(step, watch.Elapsed, (int)response.StatusCode, problem?.Code ?? problem?.Title, retries, causes);
            response.Dispose();
            throw new ApiException(step, (int)response.StatusCode, problem, body);
        }
    }

    private async Task EnsureFreshTokenAsync(CancellationToken ct)
    {
        if (_accessToken is not null && _refreshToken is not null && _clock.GetUtcNow() >= _accessExpiresAt - _options.RefreshBefore)
        {
            await RefreshAsync(ct);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            // A zero wait still yields: at least a tenth of a second.
            return delta < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : delta;
        }

        return header?.Date is { } date ? date - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.FromMilliseconds(100) : null;
    }

    /// <summary>A ProblemDetails body, or the OAuth endpoints' <c>{error, error_description, code}</c>.</summary>
    private static Problem? ReadProblem(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            int? status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null;
            return new Problem(Text("title") ?? Text("error_description") ?? Text("error"), status, Text("code"), Text("detail"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Report(string step, TimeSpan elapsed, int status, string? code, int retries, IReadOnlyList<string>? causes = null) =>
        observer?.Completed(new StepOutcome(step, elapsed, status, code, retries, causes));
}

/// <summary>Addresses the client accepts: loopback only (the load generator must never leave this machine).</summary>
public static class LoopbackOnly
{
    public static Uri Require(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Not an http(s) URL: {url}");
        }

        var loopback = uri.IsLoopback && (uri.HostNameType != UriHostNameType.Dns || uri.Host == "localhost")
                       || IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
        if (!loopback)
        {
            throw new ArgumentException($"Refusing {uri.Host}: this client only talks to loopback (127.0.0.0/8, ::1, localhost).");
        }

        var builder = new UriBuilder(uri);
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }
}
