using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using LearningPlatform.Application.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Storage;

public static class S3Registration
{
    /// <summary>
    /// <see cref="IObjectStorage"/> on one <see cref="IAmazonS3"/> client (a singleton: it pools its connections), its
    /// <c>S3:*</c> settings checked at start, the bucket created at start when <c>S3:CreateBucket</c> says so, and the
    /// readiness check <see cref="S3ReadinessCheck"/> (registered by the host).
    /// </summary>
    public static IServiceCollection AddObjectStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<S3Options>().Bind(configuration.GetSection(S3Options.Section))
            .Validate(o => string.IsNullOrEmpty(o.ServiceUrl) || Uri.TryCreate(o.ServiceUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                $"{S3Options.Section}:ServiceUrl must be an absolute http(s) URL (or empty for AWS S3).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Bucket), $"{S3Options.Section}:Bucket must name the bucket.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Region), $"{S3Options.Section}:Region must not be empty.")
            .Validate(o => string.IsNullOrEmpty(o.AccessKey) == string.IsNullOrEmpty(o.SecretKey),
                $"{S3Options.Section}:AccessKey and SecretKey go together (or neither, for the SDK's default credentials).")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.TransferTimeout >= o.Timeout,
                $"{S3Options.Section}:Timeout must be positive and TransferTimeout at least Timeout.")
            .Validate(o => o.MultipartPartSize is >= S3Options.MinPartSize and <= 512 * 1024 * 1024,
                $"{S3Options.Section}:MultipartPartSize must be 5 MiB..512 MiB.")
            .ValidateOnStart();
        services.AddSingleton<IAmazonS3>(sp => CreateClient(sp.GetRequiredService<IOptions<S3Options>>().Value));
        services.AddSingleton<IObjectStorage, S3ObjectStorage>();
        services.AddHostedService<S3BucketSetup>();
        return services;
    }

    internal static AmazonS3Client CreateClient(S3Options options)
    {
        var config = new AmazonS3Config
        {
            // One request may take up to the longest bound the adapter sets; the adapter's Polly timeouts cut it shorter.
            Timeout = options.TransferTimeout,
        };
        if (string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }

        if (options.UsesLocalCompatibility)
        {
            // s3rver: bucket in the path (no per-bucket host names on 127.0.0.1), and no CRC trailers it cannot read
            // (uploads also turn off aws-chunked, per request, in S3ObjectStorage).
            config.ForcePathStyle = true;
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
