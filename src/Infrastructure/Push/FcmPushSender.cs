using System.Net.Http.Headers;
using System.Text.Json;
using Google.Apis.Auth.OAuth2.Responses;
using LearningPlatform.Application.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Push;

/// <summary>
/// FCM HTTP v1: <c>POST {BaseUrl}v1/projects/{project}/messages:send</c> with the service account's bearer token.
/// FCM routes iOS devices to APNs, so there is no separate APNs adapter. One request per call, never a retry: the
/// answer is classified (<see cref="PushOutcome"/>) and the outbox dispatcher decides what happens next.
/// </summary>
internal sealed class FcmPushSender(
    IHttpClientFactory httpClients,
    FcmCredential credential,
    IOptions<FcmOptions> options,
    TimeProvider time,
    ILogger<FcmPushSender> logger) : IPushSender
{
    public const string HttpClientName = "fcm";

    private const string FcmErrorType = "type.googleapis.com/google.firebase.fcm.v1.FcmError";

    public async Task<PushResult> SendAsync(PushTarget target, PushMessage message, CancellationToken cancellationToken)
    {
        var result = await TrySendAsync(target, message, cancellationToken);
        Log(target, message, result);
        return result;
    }

    private async Task<PushResult> TrySendAsync(PushTarget target, PushMessage message, CancellationToken cancellationToken)
    {
        if (FcmMessage.Refusal(target, message) is { } refusal)
        {
            return new PushResult(PushOutcome.Rejected, refusal);
        }

        var (body, payloadBytes) = FcmMessage.Build(target, message, time.GetUtcNow());
        var limit = target.Topic is null ? FcmMessage.DeviceLimitBytes : FcmMessage.TopicLimitBytes;
        if (payloadBytes > limit)
        {
            return new PushResult(PushOutcome.Rejected, $"payload of {payloadBytes} bytes over the {limit}-byte limit");
        }

        // One deadline for the token and the send together; HttpClient.Timeout is infinite (see PushRegistration).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.RequestTimeout);
        try
        {
            var accessToken = await credential.GetAccessTokenAsync(deadline.Token);
            using var request = new HttpRequestMessage(
                HttpMethod.Post, $"v1/projects/{Uri.EscapeDataString(credential.ProjectId)}/messages:send")
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json", "utf-8") } },
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            return await ClassifyAsync(response, text, target, deadline.Token, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PushResult(PushOutcome.Retry, $"no answer within {options.Value.RequestTimeout}");
        }
        catch (HttpRequestException ex)
        {
            return new PushResult(PushOutcome.Retry, $"connection failed: {ex.Message}");
        }
        catch (TokenResponseException ex)
        {
            // The token endpoint refused the key (deleted or disabled service account, bad clock) or failed. Every
            // push fails alike until an operator acts, so the messages wait (Retry) rather than being dropped; the
            // error log is the alert.
            logger.LogError("FCM access token request failed: {Error} {Description} (HTTP {Status})",
                ex.Error?.Error, ex.Error?.ErrorDescription, (int?)ex.StatusCode);
            return new PushResult(PushOutcome.Retry, $"access token request failed: {ex.Error?.Error} {ex.Error?.ErrorDescription}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything else (a garbled token response, say) is still an answer the dispatcher can act on.
            logger.LogError(ex, "FCM send failed unexpectedly");
            return new PushResult(PushOutcome.Retry, $"unexpected failure: {ex.GetType().Name}");
        }
    }

    private async Task<PushResult> ClassifyAsync(
        HttpResponseMessage response, string body, PushTarget target, CancellationToken cancellationToken,
        CancellationToken callerToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return new PushResult(PushOutcome.Sent, ProviderMessageId: ReadName(body));
        }

        var (errorCode, grpcStatus, errorMessage) = ReadError(body);
        var outcome = Classify(status, errorCode, grpcStatus, isDevice: target.Topic is null);
        var error = $"{errorCode ?? grpcStatus ?? "HTTP"} {status}: {errorMessage ?? response.ReasonPhrase}";

        if (status == 401 && errorCode is null)
        {
            // FCM refused our own access token (THIRD_PARTY_AUTH_ERROR is APNs refusing ours, and comes with a code).
            // The cached token would be refused again until it expires, so replace it now.
            try
            {
                await credential.RefreshAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !callerToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "FCM access token refresh after a 401 failed");
            }
        }

        return outcome == PushOutcome.Retry
            ? new PushResult(outcome, error, RetryAfter(response))
            : new PushResult(outcome, error);
    }

    /// <summary>
    /// The FcmError code decides; without one the gRPC status, then the HTTP status. A 404 without UNREGISTERED is
    /// not taken for a dead token: it is what a wrong project id gives, and disabling every device on a configuration
    /// error would be worse than alerting.
    /// </summary>
    internal static PushOutcome Classify(int httpStatus, string? errorCode, string? grpcStatus, bool isDevice) =>
        errorCode switch
        {
            "UNREGISTERED" => isDevice ? PushOutcome.Unregistered : PushOutcome.Rejected,
            "INVALID_ARGUMENT" or "SENDER_ID_MISMATCH" or "THIRD_PARTY_AUTH_ERROR" => PushOutcome.Rejected,
            "QUOTA_EXCEEDED" or "UNAVAILABLE" or "INTERNAL" => PushOutcome.Retry,
            _ => grpcStatus switch
            {
                "RESOURCE_EXHAUSTED" or "UNAVAILABLE" or "INTERNAL" or "DEADLINE_EXCEEDED" or "ABORTED"
                    or "UNAUTHENTICATED" => PushOutcome.Retry,
                "INVALID_ARGUMENT" or "PERMISSION_DENIED" or "NOT_FOUND" or "FAILED_PRECONDITION" or "OUT_OF_RANGE"
                    or "UNIMPLEMENTED" => PushOutcome.Rejected,
                _ => httpStatus is 401 or 408 or 429 or >= 500 ? PushOutcome.Retry : PushOutcome.Rejected,
            },
        };

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string? ReadName(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><c>{"error": {"code", "message", "status", "details": [{"@type": "…FcmError", "errorCode"}]}}</c></summary>
    private static (string? ErrorCode, string? Status, string? Message) ReadError(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null);
            }

            string? errorCode = null;
            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                foreach (var detail in details.EnumerateArray())
                {
                    if (detail.ValueKind == JsonValueKind.Object
                        && Text(detail, "@type") == FcmErrorType
                        && Text(detail, "errorCode") is { Length: > 0 } code
                        && code != "UNSPECIFIED_ERROR")
                    {
                        errorCode = code;
                        break;
                    }
                }
            }

            return (errorCode, Text(error, "status"), Text(error, "message"));
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private void Log(PushTarget target, PushMessage message, PushResult result)
    {
        var level = result.Outcome switch
        {
            PushOutcome.Rejected => LogLevel.Error,
            PushOutcome.Retry => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        logger.Log(level, "Push {MessageId} to {TargetKind} {Target}: {Outcome} {Detail}",
            message.MessageId, target.Topic is null ? "device" : "topic", PushTargets.Describe(target), result.Outcome,
            result.ProviderMessageId ?? result.Error);
    }
}
