using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LearningPlatform.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Authoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "explanation",
                table: "questions",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "source_version_id",
                table: "questions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "description",
                table: "exams",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "items",
                table: "exams",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");

            migrationBuilder.AddColumn<bool>(
                name: "rerank_needed",
                table: "exams",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "scheduled_at",
                table: "exams",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    entity = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    entity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    details = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "learners",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    display_name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name_source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_learners", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "question_categories",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_question_categories", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "bank_questions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    category_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    current_version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bank_questions", x => x.id);
                    table.CheckConstraint("ck_bank_questions_version", "current_version >= 1");
                    table.ForeignKey(
                        name: "fk_bank_questions_question_categories_category_id",
                        column: x => x.category_id,
                        principalTable: "question_categories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "question_pools",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    category_id = table.Column<Guid>(type: "uuid", nullable: true),
                    tags = table.Column<string[]>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_question_pools", x => x.id);
                    table.ForeignKey(
                        name: "fk_question_pools_question_categories_category_id",
                        column: x => x.category_id,
                        principalTable: "question_categories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "question_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    question_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    stem = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    choices = table.Column<string>(type: "jsonb", nullable: false),
                    points = table.Column<int>(type: "integer", nullable: false),
                    explanation = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    tags = table.Column<string[]>(type: "text[]", nullable: false),
                    duplicate_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_question_versions", x => x.id);
                    table.CheckConstraint("ck_question_versions_points", "points BETWEEN 1 AND 1000");
                    table.ForeignKey(
                        name: "fk_question_versions_bank_questions_question_id",
                        column: x => x.question_id,
                        principalTable: "bank_questions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_questions_source_version_id",
                table: "questions",
                column: "source_version_id");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_entity_entity_id_sequence",
                table: "audit_log",
                columns: new[] { "entity", "entity_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_sequence",
                table: "audit_log",
                column: "sequence");

            migrationBuilder.CreateIndex(
                name: "ix_bank_questions_category_id_status",
                table: "bank_questions",
                columns: new[] { "category_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_question_categories_name",
                table: "question_categories",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_question_pools_category_id",
                table: "question_pools",
                column: "category_id");

            migrationBuilder.CreateIndex(
                name: "ix_question_versions_duplicate_key",
                table: "question_versions",
                column: "duplicate_key");

            migrationBuilder.CreateIndex(
                name: "ix_question_versions_question_id_number",
                table: "question_versions",
                columns: new[] { "question_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_question_versions_tags",
                table: "question_versions",
                column: "tags")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "learners");

            migrationBuilder.DropTable(
                name: "question_pools");

            migrationBuilder.DropTable(
                name: "question_versions");

            migrationBuilder.DropTable(
                name: "bank_questions");

            migrationBuilder.DropTable(
                name: "question_categories");

            migrationBuilder.DropIndex(
                name: "ix_questions_source_version_id",
                table: "questions");

            migrationBuilder.DropColumn(
                name: "explanation",
                table: "questions");

            migrationBuilder.DropColumn(
                name: "source_version_id",
                table: "questions");

            migrationBuilder.DropColumn(
                name: "description",
                table: "exams");

            migrationBuilder.DropColumn(
                name: "items",
                table: "exams");

            migrationBuilder.DropColumn(
                name: "rerank_needed",
                table: "exams");

            migrationBuilder.DropColumn(
                name: "scheduled_at",
                table: "exams");
        }
    }
}
