import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { cellOf, DataLineError, firstRowWithout, parseCsv, parseJsonl, type ParsedRows } from '../../../src/run/data-rows';
import { RowReader, tableOf } from '../../../src/run/row-table';

/** The rows as arrays of cells. */
function rowsOf(parsed: ParsedRows): string[][] {
  return Array.from({ length: parsed.rows }, (_, r) => parsed.columns.map((_c, c) => cellOf(parsed, r, c)));
}

function failsAt(fn: () => unknown, line: number, problem: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof DataLineError && e.line === line && problem.test(e.problem));
}

describe('run: request data CSV (RFC 4180)', () => {
  it('reads a header row and plain rows, LF or CRLF, with or without a last line break', () => {
    for (const text of ['id,user\n1,ann\n2,bob\n', 'id,user\r\n1,ann\r\n2,bob', 'id,user\r1,ann\r2,bob\r']) {
      const parsed = parseCsv(text);
      assert.deepEqual(parsed.columns, ['id', 'user']);
      assert.deepEqual(rowsOf(parsed), [['1', 'ann'], ['2', 'bob']]);
      assert.deepEqual([...parsed.lines], [2, 3]);
    }
  });

  it('reads quoted fields: commas, doubled quotes, line breaks (counted in the line numbers) and empty fields', () => {
    const text = 'id,body,note\n1,"a,b","say ""hi"""\n2,"line one\r\nline two",\n3,"",x\n';
    const parsed = parseCsv(text);
    assert.deepEqual(rowsOf(parsed), [['1', 'a,b', 'say "hi"'], ['2', 'line one\r\nline two', ''], ['3', '', 'x']]);
    assert.deepEqual([...parsed.lines], [2, 3, 5]);
    const quotedHeader = parseCsv('"i""d","u,ser"\n"1""",2\n');
    assert.deepEqual(quotedHeader.columns, ['i"d', 'u,ser']);
    assert.deepEqual(rowsOf(quotedHeader), [['1"', '2']]);
  });

  it('skips blank lines and a byte order mark; keeps spaces inside fields', () => {
    const parsed = parseCsv('\ufeffid,user\n\n 1 , ann \n\r\n2,bob\n\n');
    assert.deepEqual(parsed.columns, ['id', 'user']);
    assert.deepEqual(rowsOf(parsed), [[' 1 ', ' ann '], ['2', 'bob']]);
    assert.deepEqual([...parsed.lines], [3, 5]);
  });

  it('rejects a row with the wrong number of fields, with its line', () => {
    failsAt(() => parseCsv('id,user\n1,ann\n2\n'), 3, /^1 field, the header has 2 \(id, user\)$/);
    failsAt(() => parseCsv('id,user\n1,ann\n"2,x",bob,extra\n'), 3, /^3 fields, the header has 2/);
  });

  it('rejects an unclosed quote, text after a closing quote, and a quote inside an unquoted field', () => {
    failsAt(() => parseCsv('id,user\n1,"ann\n2,bob\n'), 2, /not closed/);
    failsAt(() => parseCsv('id,user\n1,"ann"x\n'), 2, /must end at its closing quote, found "x"/);
    failsAt(() => parseCsv('id,user\n1,an"n\n'), 2, /a quote inside an unquoted field/);
  });

  it('rejects a header with an empty or repeated column name', () => {
    failsAt(() => parseCsv('id,,user\n1,2,3\n'), 1, /column 2 has no name/);
    failsAt(() => parseCsv('id,id\n1,2\n'), 1, /names column "id" twice/);
  });

  it('reads back what a writer quoted by the RFC (fast-check, seeded)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '😀'), maxLength: 6 });
    const quote = (s: string): string => (/[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        const text = ['a,b', ...rows.map(([x, y]) => `${quote(x)},${quote(y)}`)].join(eol) + eol;
        assert.deepEqual(rowsOf(parseCsv(text)), rows);
      }),
      { seed: 15, numRuns: 300 },
    );
  });
});

describe('run: request data JSONL', () => {
  it('reads one object per line, skips blank lines, and takes every field any row has as a column', () => {
    const parsed = parseJsonl('{"user":"ann","n":1}\n\n  \r\n{"user":"bob","body":{"x":[1,2]}}\r\n');
    assert.deepEqual(parsed.columns, ['user', 'n', 'body']);
    assert.deepEqual(rowsOf(parsed), [['ann', '1', ''], ['bob', '', '{"x":[1,2]}']]);
    assert.deepEqual([...parsed.lines], [1, 4]);
    assert.equal(firstRowWithout(parsed, 'user'), undefined);
    assert.equal(firstRowWithout(parsed, 'n'), 4);
    assert.equal(firstRowWithout(parsed, 'nope'), 1);
  });

  it('rejects a line that is not JSON or not an object, with its line number', () => {
    failsAt(() => parseJsonl('{"a":1}\n\n{"a":\n'), 3, /^not JSON/);
    failsAt(() => parseJsonl('{"a":1}\n[1,2]\n'), 2, /^expected a JSON object, got \[1,2\]$/);
    failsAt(() => parseJsonl('"x"\n'), 1, /^expected a JSON object, got "x"$/);
    failsAt(() => parseJsonl('{"a":1}\nnull\n'), 2, /got null/);
  });
});

describe('run: the shared row table', () => {
  it('gives back every cell through shared memory, multi-byte text and JSON values included', () => {
    const parsed = parseJsonl('{"user":"é😀","body":{"x":1}}\n{"user":"b","body":"plain"}\n');
    const table = tableOf(parsed, 'x.jsonl');
    assert.ok(table.text instanceof SharedArrayBuffer && table.offsets instanceof SharedArrayBuffer);
    const reader = new RowReader(table);
    assert.equal(reader.cell(0, 0), 'é😀');
    assert.deepEqual(reader.value(0, 1), { x: 1 });
    assert.equal(reader.value(1, 1), 'plain');
    assert.equal(reader.cell(1, 0), 'b');
  });

  it('keeps a CSV file\'s own bytes as the text, doubled-quote fields appended (multi-byte text before and after)', () => {
    const source = 'user,note\né😀,"say ""hi"""\n"ü,x",plain\n"a""b",ß\n';
    const bytes = new SharedArrayBuffer(Buffer.byteLength(source));
    Buffer.from(bytes).write(source);
    const parsed = parseCsv(Buffer.from(bytes).toString('utf8'));
    const reader = new RowReader(tableOf(parsed, 'x.csv', bytes));
    const cells = [0, 1, 2].map((r) => [reader.cell(r, 0), reader.cell(r, 1)]);
    assert.deepEqual(cells, [['é😀', 'say "hi"'], ['ü,x', 'plain'], ['a"b', 'ß']]);
    assert.deepEqual(cells, rowsOf(parsed));
  });
});
