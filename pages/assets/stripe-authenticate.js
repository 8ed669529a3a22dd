// Authenticate a payment in Stripe mode: Stripe.js runs the bank's check (the PaymentIntent's
// next action) on the marketplace's connected account; the form posts once it has succeeded.
(function () {
  const form = document.getElementById('stripe-authenticate-form');
  if (!form) return;
  const options = form.dataset.stripeAccount ? { stripeAccount: form.dataset.stripeAccount } : {};
  const stripe = Stripe(form.dataset.publishableKey, options);
  const problem = document.getElementById('stripe-authenticate-error');
  form.addEventListener('submit', (event) => {
    if (form.dataset.confirmed === 'true') return;
    event.preventDefault();
    stripe.confirmCardPayment(form.dataset.clientSecret).then((result) => {
      if (result.error) {
        problem.textContent = result.error.message;
        problem.hidden = false;
        return;
      }
      form.dataset.confirmed = 'true';
      form.submit();
    });
  });
})();
