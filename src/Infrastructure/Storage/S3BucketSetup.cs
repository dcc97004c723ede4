using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Storage;

/// <summary>
/// Creates the bucket at start-up when <c>S3:CreateBucket</c> is on (local and test servers; in production the bucket,
/// its lifecycle rule, its CORS rule and its permissions are made by whoever runs the platform), and lets the browser
/// origins of <c>S3:BrowserOrigins</c> upload to it. A store that cannot be reached only
/// logs a warning: the instance starts, and its readiness check reports S3.
/// </summary>
public sealed class S3BucketSetup(IAmazonS3 s3, IOptions<S3Options> options, ILogger<S3BucketSetup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.CreateBucket)
        {
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = settings.Bucket }, timeout.Token);
            logger.LogInformation("Created bucket {Bucket}", settings.Bucket);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // BucketAlreadyOwnedByYou (S3, MinIO) or BucketAlreadyExists (s3rver): there it is.
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Bucket {Bucket} could not be created at {Url}: {Error}", settings.Bucket, settings.ServiceUrl ?? "AWS S3", e.Message);
            return;
        }

        if (settings.BrowserOrigins.Length > 0)
        {
            await AllowBrowserUploadsAsync(settings, cancellationToken);
        }
    }

    /// <summary>The admin app uploads lesson media from the browser straight to a presigned PUT URL: another origin.</summary>
    private async Task AllowBrowserUploadsAsync(S3Options settings, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            await s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
            {
                BucketName = settings.Bucket,
                Configuration = new CORSConfiguration
                {
                    Rules =
                    [
                        new CORSRule
                        {
                            AllowedOrigins = [.. settings.BrowserOrigins],
                            AllowedMethods = ["PUT", "GET", "HEAD"],
                            AllowedHeaders = ["*"],
                            ExposeHeaders = ["ETag"],
                            MaxAgeSeconds = 3000,
                        },
                    ],
                },
            }, timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Bucket {Bucket} could not be opened to browser uploads: {Error}", settings.Bucket, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
