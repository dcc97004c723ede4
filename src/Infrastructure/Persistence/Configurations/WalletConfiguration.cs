using LearningPlatform.Domain.Wallets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningPlatform.Infrastructure.Persistence.Configurations;

public sealed class WalletConfiguration : IEntityTypeConfiguration<Wallet>
{
    public void Configure(EntityTypeBuilder<Wallet> builder)
    {
        // The balance never goes negative, whoever writes the row: a debit racing another, a set-based statement, raw SQL.
        builder.ToTable("wallets", t => t.HasCheckConstraint("ck_wallets_balance", "balance >= 0"));
        builder.HasKey(w => w.LearnerId);
        builder.Property(w => w.LearnerId).ValueGeneratedNever();
        builder.Property(w => w.Version).IsRowVersion();
    }
}
