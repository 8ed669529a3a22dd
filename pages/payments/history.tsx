// The payment history, the seller's and the admin's alike: filters (status, days), a page of
// payments newest first, each succeeded one with its receipt to view or download and what was
// refunded of it, one waiting for 3-D Secure with a link to authenticate it (the seller's), the
// whole history as CSV, and the latest credits and refunds with their credit notes (R14).
import type { CreditNoteLine } from '../../credits/history';
import type { Marketplace } from '../../generated/prisma';
import { refundedMinorOf, type PaymentWithRefunds } from '../../payments/history';
import { Layout } from '../components/layout';
import type { Sections } from '../components/sections';
import type { PageContext } from '../context';
import { formatDateTime, formatMoney } from '../format';
import type { Notice } from '../notice';
import { brandName } from '../seller/card-name';
import {
  choiceQuery,
  PAYMENT_STATUSES,
  type HistoryChoice,
  type PaymentStatus,
} from './history-filter';

export interface HistoryProps {
  page: PageContext;
  nav: Sections;
  marketplace: Marketplace;
  /** The history's own address, e.g. /portal/sellers/:id/payments. */
  base: string;
  payments: PaymentWithRefunds[];
  /** The latest credits and refunds, newest first. */
  creditNotes: CreditNoteLine[];
  /** The admin's history names each payment's seller. */
  sellerNames: Map<string, string> | null;
  /** The seller's history links a payment waiting for authentication to its page. */
  canAuthenticate: boolean;
  choice: HistoryChoice;
  nextCursor: string | null;
  paged: boolean;
  notice: Notice | null;
}

export function HistoryPage(props: HistoryProps) {
  const { page, base, choice, payments } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('history.title')} nav={props.nav} notice={props.notice}>
      <form method="get" action={base} class="filters" aria-label={t('history.filters')}>
        <label for="status">{t('history.status')}</label>
        <select id="status" name="status">
          <option value="" selected={choice.status === ''}>
            {t('history.status.all')}
          </option>
          {PAYMENT_STATUSES.map((status) => (
            <option key={status} value={status} selected={choice.status === status}>
              {t(`history.status.${status}`)}
            </option>
          ))}
        </select>
        <label for="from">{t('history.from')}</label>
        <input id="from" name="from" type="date" value={choice.from} />
        <label for="to">{t('history.to')}</label>
        <input id="to" name="to" type="date" value={choice.to} />
        <button type="submit">{t('history.apply')}</button>
      </form>
      <p>
        <a href={`${base}.csv${choiceQuery(choice)}`} download>
          {t('history.csv')}
        </a>
      </p>
      {payments.length === 0 ? (
        <p>{t('history.none')}</p>
      ) : (
        <table aria-label={t('history.title')}>
          <thead>
            <tr>
              <th scope="col">{t('history.col.date')}</th>
              {props.sellerNames && <th scope="col">{t('history.col.seller')}</th>}
              <th scope="col">{t('history.col.amount')}</th>
              <th scope="col">{t('history.status')}</th>
              <th scope="col">{t('history.col.card')}</th>
              <th scope="col">{t('history.col.receipt')}</th>
            </tr>
          </thead>
          <tbody>
            {payments.map((payment) => (
              <PaymentLine key={payment.id} {...props} payment={payment} />
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label={t('history.title')} class="pager">
        <ul>
          {props.paged && (
            <li>
              <a href={`${base}${choiceQuery(choice)}`}>{t('history.first')}</a>
            </li>
          )}
          {props.nextCursor && (
            <li>
              <a href={`${base}${choiceQuery(choice, { cursor: props.nextCursor })}`}>
                {t('history.next')}
              </a>
            </li>
          )}
        </ul>
      </nav>
      <CreditNotes {...props} />
    </Layout>
  );
}

function CreditNotes(props: HistoryProps) {
  const { page, marketplace, base, creditNotes } = props;
  const { t, intl } = page;
  return (
    <section aria-labelledby="credit-notes">
      <h2 id="credit-notes">{t('history.credits')}</h2>
      {creditNotes.length === 0 ? (
        <p>{t('history.credits.none')}</p>
      ) : (
        <table aria-labelledby="credit-notes">
          <thead>
            <tr>
              <th scope="col">{t('history.col.date')}</th>
              {props.sellerNames && <th scope="col">{t('history.col.seller')}</th>}
              <th scope="col">{t('history.col.kind')}</th>
              <th scope="col">{t('history.col.amount')}</th>
              <th scope="col">{t('history.col.reason')}</th>
              <th scope="col">{t('history.col.creditNote')}</th>
            </tr>
          </thead>
          <tbody>
            {creditNotes.map((line) => {
              const note = `${base}/credit-notes/${line.kind}/${line.id}`;
              return (
                <tr key={line.id}>
                  <th scope="row">{formatDateTime(line.createdAt, marketplace.timeZone, intl)}</th>
                  {props.sellerNames && <td>{props.sellerNames.get(line.sellerId) ?? ''}</td>}
                  <td>{t(`history.kind.${line.kind}`)}</td>
                  <td>{formatMoney(line.amountMinor, line.currency, intl)}</td>
                  <td>{line.reason}</td>
                  <td>
                    {line.creditNoteNumber === null ? (
                      t('history.note.pending')
                    ) : (
                      <span class="actions">
                        <a href={note}>
                          {t('history.note.view', { number: line.creditNoteNumber })}
                        </a>
                        <a href={`${note}?download=true`} download>
                          {t('history.note.download', { number: line.creditNoteNumber })}
                        </a>
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PaymentLine(props: HistoryProps & { payment: PaymentWithRefunds }) {
  const { page, marketplace, payment, base } = props;
  const { t, intl } = page;
  const receipt = `${base}/${payment.id}/receipt`;
  return (
    <tr>
      <th scope="row">{formatDateTime(payment.createdAt, marketplace.timeZone, intl)}</th>
      {props.sellerNames && <td>{props.sellerNames.get(payment.sellerId) ?? ''}</td>}
      <td>
        {formatMoney(Number(payment.amountMinor), payment.currency, intl)}
        {refundedMinorOf(payment) > 0 && (
          <span class="hint">
            {' '}
            {t('history.refunded', {
              amount: formatMoney(refundedMinorOf(payment), payment.currency, intl),
            })}
          </span>
        )}
      </td>
      <td>
        <span class={`badge ${payment.status}`}>
          {t(`history.status.${payment.status as PaymentStatus}`)}
        </span>
      </td>
      <td>
        {payment.cardLast4
          ? t('cards.card', { brand: brandName(payment.cardBrand ?? ''), last4: payment.cardLast4 })
          : t('admin.none')}
      </td>
      <td>
        {payment.receiptNumber !== null ? (
          <span class="actions">
            <a href={receipt}>{t('history.view', { number: payment.receiptNumber })}</a>
            <a href={`${receipt}?download=true`} download>
              {t('history.download', { number: payment.receiptNumber })}
            </a>
          </span>
        ) : props.canAuthenticate && payment.status === 'requires_action' ? (
          <a href={`${base}/${payment.id}/authenticate`}>{t('history.authenticate')}</a>
        ) : (
          t('admin.none')
        )}
      </td>
    </tr>
  );
}
