using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningPlatform.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class BillingAndWallet : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The stand-in's rows name no store transaction (nothing could create them but tests and hand edits):
            // a subscription is now one store transaction, so they cannot be carried over.
            migrationBuilder.Sql("DELETE FROM subscriptions;");

            migrationBuilder.DropIndex(
                name: "ix_subscriptions_learner_id_status",
                table: "subscriptions");

            migrationBuilder.RenameColumn(
                name: "current_period_end",
                table: "subscriptions",
                newName: "updated_at");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "created_at",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "expires_at",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_event_at",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "last_event_id",
                table: "subscriptions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "product_id",
                table: "subscriptions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "store",
                table: "subscriptions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "store_transaction_id",
                table: "subscriptions",
                type: "character varying(512)",
                maxLength: 512,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "subscriptions",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateTable(
                name: "google_purchase_tokens",
                columns: table => new
                {
                    purchase_token = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    store_transaction_id = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    linked_purchase_token = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    product_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_google_purchase_tokens", x => x.purchase_token);
                });

            migrationBuilder.CreateTable(
                name: "plans",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    entitlement = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    apple_product_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    google_product_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plans", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "store_notifications",
                columns: table => new
                {
                    store = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    notification_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    store_transaction_id = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_store_notifications", x => new { x.store, x.notification_id });
                });

            migrationBuilder.CreateTable(
                name: "subscription_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    subscription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    event_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    from = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    to = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    learner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subscription_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_subscription_changes_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

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

            migrationBuilder.InsertData(
                table: "plans",
                columns: new[] { "code", "apple_product_id", "entitlement", "google_product_id", "name" },
                values: new object[] { "premium-monthly", "com.learningplatform.premium.monthly", "premium", "premium_monthly", "Premium (monthly)" });

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_learner_id",
                table: "subscriptions",
                column: "learner_id");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_plan_code",
                table: "subscriptions",
                column: "plan_code");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_store_store_transaction_id",
                table: "subscriptions",
                columns: new[] { "store", "store_transaction_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_coin_ledger_one_demo_grant",
                table: "coin_ledger",
                column: "learner_id",
                unique: true,
                filter: "reason = 'DemoGrant'");

            migrationBuilder.CreateIndex(
                name: "ix_google_purchase_tokens_linked_purchase_token",
                table: "google_purchase_tokens",
                column: "linked_purchase_token",
                filter: "linked_purchase_token IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_plans_apple_product_id",
                table: "plans",
                column: "apple_product_id",
                unique: true,
                filter: "apple_product_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_plans_google_product_id",
                table: "plans",
                column: "google_product_id",
                unique: true,
                filter: "google_product_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_store_notifications_store_store_transaction_id",
                table: "store_notifications",
                columns: new[] { "store", "store_transaction_id" });

            migrationBuilder.CreateIndex(
                name: "ix_subscription_changes_subscription_id_event_id",
                table: "subscription_changes",
                columns: new[] { "subscription_id", "event_id" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_subscriptions_plans_plan_code",
                table: "subscriptions",
                column: "plan_code",
                principalTable: "plans",
                principalColumn: "code",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_subscriptions_plans_plan_code",
                table: "subscriptions");

            migrationBuilder.DropTable(
                name: "google_purchase_tokens");

            migrationBuilder.DropTable(
                name: "plans");

            migrationBuilder.DropTable(
                name: "store_notifications");

            migrationBuilder.DropTable(
                name: "subscription_changes");

            migrationBuilder.DropTable(
                name: "wallets");

            migrationBuilder.DropIndex(
                name: "ix_subscriptions_learner_id",
                table: "subscriptions");

            migrationBuilder.DropIndex(
                name: "ix_subscriptions_plan_code",
                table: "subscriptions");

            migrationBuilder.DropIndex(
                name: "ix_subscriptions_store_store_transaction_id",
                table: "subscriptions");

            migrationBuilder.DropIndex(
                name: "ux_coin_ledger_one_demo_grant",
                table: "coin_ledger");

            migrationBuilder.DropColumn(
                name: "created_at",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "expires_at",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "last_event_at",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "last_event_id",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "product_id",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "store",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "store_transaction_id",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "subscriptions");

            migrationBuilder.RenameColumn(
                name: "updated_at",
                table: "subscriptions",
                newName: "current_period_end");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_learner_id_status",
                table: "subscriptions",
                columns: new[] { "learner_id", "status" });
        }
    }
}
