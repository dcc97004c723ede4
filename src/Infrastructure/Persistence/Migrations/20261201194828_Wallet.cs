using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningPlatform.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Wallet : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "wallets",
                columns: table => new
                {
                    learner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    balance = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_wallets", x => x.learner_id);
                    table.CheckConstraint("ck_wallets_balance", "balance >= 0");
                });

            // Prizes credited before wallets existed: each learner's wallet opens with the sum of their ledger.
            migrationBuilder.Sql("""
                INSERT INTO wallets (learner_id, balance, updated_at)
                SELECT learner_id, sum(amount), max(created_at) FROM coin_ledger GROUP BY learner_id
                """);

            migrationBuilder.CreateIndex(
                name: "ux_coin_ledger_one_demo_grant",
                table: "coin_ledger",
                column: "learner_id",
                unique: true,
                filter: "reason = 'DemoGrant'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "wallets");

            migrationBuilder.DropIndex(
                name: "ux_coin_ledger_one_demo_grant",
                table: "coin_ledger");
        }
    }
}
