using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningPlatform.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class BillingGoogle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.CreateIndex(
                name: "ix_google_purchase_tokens_linked_purchase_token",
                table: "google_purchase_tokens",
                column: "linked_purchase_token",
                filter: "linked_purchase_token IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "google_purchase_tokens");
        }
    }
}
