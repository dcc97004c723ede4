using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningPlatform.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AdminLookup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "coupon_campaigns",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coupon_campaigns", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_topic",
                table: "outbox_messages",
                column: "created_at",
                filter: "topic IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_learners_display_name_trgm",
                table: "learners",
                column: "display_name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_coupons_campaign_id_status",
                table: "coupons",
                columns: new[] { "campaign_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_attempts_learner_id_started_at",
                table: "attempts",
                columns: new[] { "learner_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_coupon_campaigns_name",
                table: "coupon_campaigns",
                column: "name",
                unique: true);

            // Stock imported before campaigns had rows keeps its campaign id: each such campaign gets a row (named after its id),
            // so the foreign key holds and the campaign shows in the list. Keep this statement when regenerating the migration.
            migrationBuilder.Sql("""
                INSERT INTO coupon_campaigns (id, name, description, created_by, created_at)
                SELECT ids.id, 'Campaign ' || ids.id, 'Named by the AdminLookup migration: stock imported before campaigns had names.',
                       '00000000-0000-0000-0000-000000000000', now()
                FROM (SELECT campaign_id AS id FROM coupons UNION SELECT coupon_campaign_id FROM rewards) ids
                ON CONFLICT DO NOTHING
                """);

            migrationBuilder.AddForeignKey(
                name: "fk_coupons_coupon_campaigns_campaign_id",
                table: "coupons",
                column: "campaign_id",
                principalTable: "coupon_campaigns",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_coupons_coupon_campaigns_campaign_id",
                table: "coupons");

            migrationBuilder.DropTable(
                name: "coupon_campaigns");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_topic",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "ix_learners_display_name_trgm",
                table: "learners");

            migrationBuilder.DropIndex(
                name: "ix_coupons_campaign_id_status",
                table: "coupons");

            migrationBuilder.DropIndex(
                name: "ix_attempts_learner_id_started_at",
                table: "attempts");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
