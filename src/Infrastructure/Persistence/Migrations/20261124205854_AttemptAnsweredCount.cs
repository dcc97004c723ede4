using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningPlatform.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AttemptAnsweredCount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "answered_count",
                table: "attempts",
                type: "integer",
                nullable: false,
                defaultValue: 0);
            // Attempts answered before this column existed.
            migrationBuilder.Sql(
                "UPDATE attempts SET answered_count = (SELECT count(*) FROM responses r WHERE r.attempt_id = attempts.id)");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "answered_count",
                table: "attempts");
        }
    }
}
