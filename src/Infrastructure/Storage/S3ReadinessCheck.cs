using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Storage;

/// <summary>
/// <c>s3</c> in <c>/health/ready</c>: one HEAD of the bucket (no listing, no object read). The registration's status
/// and timeout say what a failure means; the description names the bucket and the cause in one line.
/// </summary>
public sealed class S3ReadinessCheck(IAmazonS3 s3, IOptions<S3Options> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bucket = options.Value.Bucket;
        try
        {
            await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, cancellationToken);
            return HealthCheckResult.Healthy($"bucket {bucket} answers");
        }
        catch (Exception e)
        {
            // Also when the registration's timeout cancelled the call: the entry then still names the bucket.
            var cause = e is OperationCanceledException ? "no answer in time"
                : e is AmazonS3Exception s3Error ? $"{(int)s3Error.StatusCode} {s3Error.ErrorCode}" : $"{Innermost(e).GetType().Name}: {Innermost(e).Message}";
            return new HealthCheckResult(context.Registration.FailureStatus, $"bucket {bucket} unavailable: {cause}");
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
