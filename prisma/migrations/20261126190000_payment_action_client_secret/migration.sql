-- A charge that needs 3-D Secure keeps the PaymentIntent client secret the seller authenticates with.
ALTER TABLE "payments" ADD COLUMN     "action_client_secret" TEXT;
