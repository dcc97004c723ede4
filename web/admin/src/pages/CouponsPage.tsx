// Placeholder: branch admin-api builds this screen (coupon campaigns and stock import).
export default function CouponsPage() {
  return (
    <section>
      <h1>Coupons</h1>
      <p>Coming soon.</p>
    </section>
  );
}
