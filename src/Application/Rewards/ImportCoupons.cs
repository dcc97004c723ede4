using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using LearningPlatform.Application.Audit;
using LearningPlatform.Domain.Audit;

namespace LearningPlatform.Application.Rewards;

/// <summary>
/// Adds coupon codes to a campaign's stock from a CSV text: one code per line (the first column; a header line
/// <c>code</c> is skipped). A code already in stock (any campaign) or twice in the file is reported by line number and
/// skipped; a blank line is skipped; an unusable code (over 64 characters, or with control characters) is reported.
/// The codes never appear in the answer or the logs. The campaign must exist (404 <c>coupon_campaign.not_found</c>).
/// </summary>
public sealed class ImportCoupons(ILearningDb db, ICouponCodes codes, TimeProvider clock, ILogger<ImportCoupons> logger)
{
    public const int MaxCodeLength = 64;
    public const int MaxLines = 20_000;

    public async Task<CouponImportResult> HandleAsync(Guid campaignId, Guid adminId, TextReader csv, CancellationToken cancellationToken)
    {
        if (!await db.CouponCampaigns.AnyAsync(c => c.Id == campaignId, cancellationToken))
        {
            throw RewardErrors.CampaignNotFound();
        }

        var candidates = new List<(int Line, ProtectedCode Code)>();
        var invalid = new List<int>();
        var duplicates = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (await csv.ReadLineAsync(cancellationToken) is { } line)
        {
            if (++lineNumber > MaxLines)
            {
                throw RewardErrors.ImportTooLarge(MaxLines);
            }

            var code = line.Split(',')[0].Trim().Trim('"').Trim();
            if (code.Length == 0 || (lineNumber == 1 && code.Equals("code", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (code.Length > MaxCodeLength || code.Any(char.IsControl))
            {
                invalid.Add(lineNumber);
                continue;
            }

            var protectedCode = codes.Protect(code);
            if (!seen.Add(protectedCode.Hash))
            {
                duplicates.Add(lineNumber);
                continue;
            }

            candidates.Add((lineNumber, protectedCode));
        }

        var hashes = candidates.Select(c => c.Code.Hash).ToList();
        var existing = (await db.Coupons.Where(c => hashes.Contains(c.CodeHash)).Select(c => c.CodeHash).ToListAsync(cancellationToken)).ToHashSet();
        duplicates.AddRange(candidates.Where(c => existing.Contains(c.Code.Hash)).Select(c => c.Line));
        var now = clock.GetUtcNow();
        var added = candidates.Where(c => !existing.Contains(c.Code.Hash)).ToList();
        foreach (var (_, code) in added)
        {
            db.Coupons.Add(Coupon.Import(campaignId, code.Ciphertext, code.Hash, code.Masked, now));
        }

        db.Record(adminId, "coupons_imported", AuditEntity.CouponCampaign, campaignId, now,
            new { imported = added.Count, duplicates = duplicates.Count, invalid = invalid.Count });
        // A concurrent import of the same codes loses on the unique hash: 409, nothing of this file is kept.
        await db.SaveChangesAsync(cancellationToken);
        var available = await db.Coupons.CountAsync(c => c.CampaignId == campaignId && c.Status == CouponStatus.Available, cancellationToken);
        logger.LogInformation("Admin {AdminId} imported {Imported} coupons into campaign {CampaignId} ({Duplicates} duplicates, {Invalid} invalid lines); {Available} available",
            adminId, added.Count, campaignId, duplicates.Count, invalid.Count, available);
        duplicates.Sort();
        return new CouponImportResult(campaignId, added.Count, duplicates.Count, duplicates, invalid, available);
    }
}
