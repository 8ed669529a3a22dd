// The last lines a process printed, kept so that when it stops the launcher can show why.
export class OutputTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly keep = 12) {}

  add(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.push(line);
  }

  last(): string[] {
    return this.partial.trim() === ''
      ? [...this.lines]
      : [...this.lines, this.partial].slice(-this.keep);
  }

  private push(line: string): void {
    if (line.trim() === '') return;
    this.lines.push(line);
    if (this.lines.length > this.keep) this.lines.shift();
  }
}
