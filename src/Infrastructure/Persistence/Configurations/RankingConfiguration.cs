using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Notifications;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningPlatform.Infrastructure.Persistence.Configurations;

public sealed class RankingRunConfiguration : IEntityTypeConfiguration<RankingRun>
{
    public void Configure(EntityTypeBuilder<RankingRun> builder)
    {
        builder.ToTable("ranking_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Error).HasMaxLength(RankingRun.MaxErrorLength);
        builder.HasOne<Exam>().WithMany().HasForeignKey(r => r.ExamId).OnDelete(DeleteBehavior.Restrict);
        // One running run per exam, whatever Redis says.
        builder.HasIndex(r => r.ExamId).IsUnique().HasFilter("status = 'Running'").HasDatabaseName("ux_ranking_runs_one_running");
        builder.HasIndex(r => r.StartedAt);
    }
}

public sealed class StandingConfiguration : IEntityTypeConfiguration<Standing>
{
    public void Configure(EntityTypeBuilder<Standing> builder)
    {
        builder.ToTable("standings", t => t.HasCheckConstraint("ck_standings_rank", "rank >= 1 AND rank <= position"));
        // Pages, the top 3 and a learner's neighbours are ranges of this key.
        builder.HasKey(s => new { s.ExamId, s.Position });
        builder.HasIndex(s => new { s.ExamId, s.LearnerId }).IsUnique();
        builder.Ignore(s => s.HasPrize);
        // No foreign key to exams: the ranking inserts a million rows for one exam it holds locked, and the per-row
        // check against that one parent cost a third of the ranking (bench/README.md). Exams are never deleted.
    }
}

public sealed class CoinLedgerEntryConfiguration : IEntityTypeConfiguration<CoinLedgerEntry>
{
    public void Configure(EntityTypeBuilder<CoinLedgerEntry> builder)
    {
        builder.ToTable("coin_ledger", t => t.HasCheckConstraint("ck_coin_ledger_amount", "amount <> 0"));
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasIndex(e => new { e.LearnerId, e.CreatedAt });
        // Per learner and exam, a prize is credited, a fee charged and a fee refunded once, whatever runs twice (the
        // ranking, a start, a cancellation: their statements' ON CONFLICT names this index).
        builder.HasIndex(e => new { e.ExamId, e.LearnerId, e.Reason }).IsUnique().HasFilter("exam_id IS NOT NULL");
        // The demo's opening coins, once per learner.
        builder.HasIndex(e => e.LearnerId).IsUnique().HasFilter("reason = 'DemoGrant'").HasDatabaseName("ux_coin_ledger_one_demo_grant");
    }
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages", t =>
            t.HasCheckConstraint("ck_outbox_messages_target", "(learner_id IS NULL) <> (topic IS NULL)"));
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Type).HasMaxLength(64);
        builder.Property(m => m.Topic).HasMaxLength(200);
        builder.Property(m => m.Payload).HasColumnType("jsonb");
        builder.Property(m => m.DedupeKey).HasMaxLength(200);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.Property(m => m.Version).IsRowVersion();
        builder.HasIndex(m => m.DedupeKey).IsUnique();
        // The dispatcher claims what is due.
        builder.HasIndex(m => m.AvailableAt).HasFilter("status = 'Pending'").HasDatabaseName("ix_outbox_messages_due");
        // The broadcast history: topic messages only, a small part of the outbox.
        builder.HasIndex(m => m.CreatedAt).HasFilter("topic IS NOT NULL").HasDatabaseName("ix_outbox_messages_topic");
    }
}
