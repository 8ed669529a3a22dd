// One-page PDF documents (receipts, credit notes): a heading, labelled rows and an optional note.
import PDFDocument from 'pdfkit';

export interface PdfPage {
  title: string;
  author: string;
  heading: string;
  rows: [string, string][];
  /** Small print under the rows. */
  note?: string;
}

export function renderPdfPage(page: PdfPage): Promise<Buffer> {
  const document = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: page.title, Author: page.author },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  document.font('Helvetica-Bold').fontSize(20).text(page.heading);
  document.moveDown();
  for (const [label, value] of page.rows) {
    document.font('Helvetica-Bold').fontSize(11).text(label, { continued: true });
    document.font('Helvetica').text(`  ${value}`);
    document.moveDown(0.4);
  }
  if (page.note) {
    document.moveDown();
    document.fontSize(9).text(page.note);
  }
  document.end();
  return done;
}

/** How a PDF is sent: shown in the browser, or saved under its file name. */
export function pdfHeaders(fileName: string, download: boolean) {
  return {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `${download ? 'attachment' : 'inline'}; filename="${fileName}"`,
  };
}
