using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningPlatform.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RankingPerformance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_standings_exams_exam_id",
                table: "standings");

            migrationBuilder.CreateIndex(
                name: "ix_attempts_invalidated",
                table: "attempts",
                column: "id",
                filter: "status = 'Invalidated'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_attempts_invalidated",
                table: "attempts");

            migrationBuilder.AddForeignKey(
                name: "fk_standings_exams_exam_id",
                table: "standings",
                column: "exam_id",
                principalTable: "exams",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
