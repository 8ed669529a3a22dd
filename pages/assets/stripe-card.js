// Add a card in Stripe mode: mounts Stripe's Payment Element on the marketplace's connected
// account and confirms the SetupIntent in the browser; the form then posts only its id.
(function () {
  const form = document.getElementById('stripe-card-form');
  if (!form) return;
  const stripe = Stripe(form.dataset.publishableKey, { stripeAccount: form.dataset.stripeAccount });
  const elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
  elements.create('payment').mount('#payment-element');
  const problem = document.getElementById('stripe-card-error');
  form.addEventListener('submit', (event) => {
    if (form.dataset.confirmed === 'true') return;
    event.preventDefault();
    stripe.confirmSetup({ elements, redirect: 'if_required' }).then((result) => {
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
