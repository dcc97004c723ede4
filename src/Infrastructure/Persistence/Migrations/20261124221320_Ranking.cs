using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningPlatform.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Ranking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "status",
                table: "exam_results");

            migrationBuilder.AddColumn<long>(
                name: "economics_fees_collected",
                table: "exams",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "economics_paid_out",
                table: "exams",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "economics_participants",
                table: "exams",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "economics_prize_pool",
                table: "exams",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "economics_rake",
                table: "exams",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "entry_fee",
                table: "exams",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "guaranteed_pool",
                table: "exams",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "prizes",
                table: "exams",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{\"rule\": \"ShareEqually\", \"tiers\": []}'::jsonb");

            migrationBuilder.AddColumn<int>(
                name: "rake_basis_points",
                table: "exams",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "exams",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateTable(
                name: "coin_ledger",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    learner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    exam_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coin_ledger", x => x.id);
                    table.CheckConstraint("ck_coin_ledger_amount", "amount <> 0");
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    learner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    topic = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    dedupe_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    available_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                    table.CheckConstraint("ck_outbox_messages_target", "(learner_id IS NULL) <> (topic IS NULL)");
                });

            migrationBuilder.CreateTable(
                name: "ranking_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    exam_id = table.Column<Guid>(type: "uuid", nullable: false),
                    trigger = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    requested_by = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    participants = table.Column<int>(type: "integer", nullable: true),
                    duration_ms = table.Column<long>(type: "bigint", nullable: true),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ranking_runs", x => x.id);
                    table.ForeignKey(
                        name: "fk_ranking_runs_exams_exam_id",
                        column: x => x.exam_id,
                        principalTable: "exams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "rewards",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    learner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    exam_id = table.Column<Guid>(type: "uuid", nullable: false),
                    coupon_campaign_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rewards", x => x.id);
                    table.ForeignKey(
                        name: "fk_rewards_exams_exam_id",
                        column: x => x.exam_id,
                        principalTable: "exams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "standings",
                columns: table => new
                {
                    exam_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false),
                    learner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    result_id = table.Column<Guid>(type: "uuid", nullable: false),
                    score = table.Column<int>(type: "integer", nullable: false),
                    total_elapsed_ms = table.Column<long>(type: "bigint", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    prize_coins = table.Column<long>(type: "bigint", nullable: true),
                    coupon_campaign_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_standings", x => new { x.exam_id, x.position });
                    table.CheckConstraint("ck_standings_rank", "rank >= 1 AND rank <= position");
                    table.ForeignKey(
                        name: "fk_standings_exams_exam_id",
                        column: x => x.exam_id,
                        principalTable: "exams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_exams_terms",
                table: "exams",
                sql: "entry_fee >= 0 AND guaranteed_pool >= 0 AND rake_basis_points BETWEEN 0 AND 10000");

            migrationBuilder.CreateIndex(
                name: "ix_coin_ledger_exam_id_learner_id_reason",
                table: "coin_ledger",
                columns: new[] { "exam_id", "learner_id", "reason" },
                unique: true,
                filter: "exam_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_coin_ledger_learner_id_created_at",
                table: "coin_ledger",
                columns: new[] { "learner_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_dedupe_key",
                table: "outbox_messages",
                column: "dedupe_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_due",
                table: "outbox_messages",
                column: "available_at",
                filter: "status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_ranking_runs_started_at",
                table: "ranking_runs",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ux_ranking_runs_one_running",
                table: "ranking_runs",
                column: "exam_id",
                unique: true,
                filter: "status = 'Running'");

            migrationBuilder.CreateIndex(
                name: "ix_rewards_exam_id_learner_id",
                table: "rewards",
                columns: new[] { "exam_id", "learner_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_rewards_learner_id_created_at",
                table: "rewards",
                columns: new[] { "learner_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_rewards_status_created_at",
                table: "rewards",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_standings_exam_id_learner_id",
                table: "standings",
                columns: new[] { "exam_id", "learner_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "coin_ledger");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "ranking_runs");

            migrationBuilder.DropTable(
                name: "rewards");

            migrationBuilder.DropTable(
                name: "standings");

            migrationBuilder.DropCheckConstraint(
                name: "ck_exams_terms",
                table: "exams");

            migrationBuilder.DropColumn(
                name: "economics_fees_collected",
                table: "exams");

            migrationBuilder.DropColumn(
                name: "economics_paid_out",
                table: "exams");

            migrationBuilder.DropColumn(
                name: "economics_participants",
                table: "exams");

            migrationBuilder.DropColumn(
                name: "economics_prize_pool",
                table: "exams");

            migrationBuilder.DropColumn(
                name: "economics_rake",
                table: "exams");

            migrationBuilder.DropColumn(
                name: "entry_fee",
                table: "exams");

            migrationBuilder.DropColumn(
                name: "guaranteed_pool",
                table: "exams");

            migrationBuilder.DropColumn(
                name: "prizes",
                table: "exams");

            migrationBuilder.DropColumn(
                name: "rake_basis_points",
                table: "exams");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "exams");

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "exam_results",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");
        }
    }
}
