using Microsoft.Extensions.Options;

namespace LearningPlatform.Application.Exports;

/// <summary><c>Exports</c>: the CSV exports of standings and the job that writes them.</summary>
public sealed class ExportOptions
{
    public const string Section = "Exports";

    /// <summary>How often each instance looks for exports to run besides being woken by a request (0 = the job is off here).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a claim lasts: the export is cancelled in its instance when it runs longer, and another instance may claim
    /// it again once it has run out (an instance that died). Far above a million rows' few seconds.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a download URL of a finished export works.</summary>
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        PollInterval < TimeSpan.Zero ? $"{Section}:PollInterval must not be negative (0 turns the export job off in this instance)."
        : Lease < TimeSpan.FromSeconds(10) ? $"{Section}:Lease must be at least 00:00:10."
        : DownloadUrlLifetime <= TimeSpan.Zero || DownloadUrlLifetime > TimeSpan.FromDays(7)
            ? $"{Section}:DownloadUrlLifetime must be positive and at most 7 days (a presigned URL's limit)."
        : null;
}

/// <summary>Stops the host at start with a message naming the bad <c>Exports:*</c> key.</summary>
internal sealed class ExportOptionsValidation : IValidateOptions<ExportOptions>
{
    public ValidateOptionsResult Validate(string? name, ExportOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
