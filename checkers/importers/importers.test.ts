import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HistoryError } from '../../core/history.ts';
import { linearizableHistory } from '../testing/sc-model.ts';
import { check } from '../checker.ts';
import { getChecker } from '../registry.ts';
import { defaultsFor, detectFormat } from './formats.ts';
import { exportJepsenEdn, HISTORY_FORMATS, importHistory, readImported } from './index.ts';

describe('jepsen-edn import', () => {
  it('reads plain maps, Op records, micro-ops, nemesis lines, blank lines and comments', () => {
    const text = [
      '{:index 0, :time 1000, :type :invoke, :process 0, :f :txn, :value [[:append 5 1] [:r 6 nil]]}',
      '',
      '; a comment',
      '#jepsen.history.Op{:index 1, :time 2000, :type :ok, :process 0, :f :txn, :value [[:append 5 1] [:r 6 [1 2]]], :node "n1"}',
      '{:type :info, :process :nemesis, :f :start-partition, :value [:isolated {"n1" #{"n2" "n3"}}], :time 3000}',
      '{:type :invoke, :process 1, :f :write, :value 3, :time 3500}',
      '{:type :info, :process 1, :f :write, :value 3, :error [:timeout "socket"], :time 4000}',
    ].join('\n');
    const ops = importHistory('jepsen-edn', text);
    expect(ops.map((o) => [o.index, o.type, o.process, o.f])).toEqual([
      [0, 'invoke', 0, 'txn'],
      [1, 'ok', 0, 'txn'],
      [2, 'info', 'nemesis', 'start-partition'],
      [3, 'invoke', 1, 'write'],
      [4, 'info', 1, 'write'],
    ]);
    expect(ops[1]!.value).toEqual([
      ['append', '5', 1],
      ['r', '6', [1, 2]],
    ]);
    expect(ops[1]!.node).toBe('n1');
    expect(ops[2]!.value).toEqual(['isolated', { n1: ['n2', 'n3'] }]);
    expect(ops[4]!.error).toBe('["timeout","socket"]');
  });

  it('names the line and what was expected when a line is wrong', () => {
    const bad =
      '{:type :invoke, :process 0, :f :read, :value nil}\n{:type :maybe, :process 0, :f :read}';
    expect(() => importHistory('jepsen-edn', bad)).toThrow(
      /line 2: :type must be :invoke, :ok, :fail or :info, got "maybe"/,
    );
    expect(() => importHistory('jepsen-edn', '{:type :ok\n')).toThrow(HistoryError);
    expect(() => importHistory('jepsen-edn', '{:type :ok\n')).toThrow(/line 2: expected "}"/);
  });

  it('round-trips our histories through export', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ slot: fc.nat(), choice: fc.nat() }), { minLength: 1, maxLength: 40 }),
        (steps) => {
          const h = linearizableHistory(3, steps);
          expect(importHistory('jepsen-edn', exportJepsenEdn(h))).toEqual(h);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('porcupine imports', () => {
  it('reads etcd lines, turning :timed-out into info with the invoke’s value', () => {
    const text = [
      'INFO  jepsen.util - 0\t:invoke\t:cas\t[1 2]',
      'INFO  jepsen.util - 0\t:fail\t:cas\t[1 2]',
      'INFO  jepsen.util - 1\t:invoke\t:write\t4',
      'INFO  jepsen.util - 1\t:info\t:write\t:timed-out',
      'INFO  jepsen.util - 2\t:invoke\t:read\tnil',
      'INFO  jepsen.util - 2\t:ok\t:read\tnil',
    ].join('\n');
    const ops = importHistory('porcupine-etcd', text);
    expect(ops.map((o) => [o.type, o.f, o.value])).toEqual([
      ['invoke', 'cas', [1, 2]],
      ['fail', 'cas', [1, 2]],
      ['invoke', 'write', 4],
      ['info', 'write', 4],
      ['invoke', 'read', null],
      ['ok', 'read', null],
    ]);
    expect(ops[3]!.error).toBe('info :timed-out');
  });

  it('skips lines of other shapes as Porcupine does, and refuses a file with no op line', () => {
    const { ops, notes } = readImported(
      'porcupine-etcd',
      'INFO  jepsen.util - 0\t:invoke\t:read\tnil\nhello\nINFO  jepsen.util - 0\t:ok\t:read\t3',
    );
    expect(ops.map((o) => [o.type, o.value])).toEqual([
      ['invoke', null],
      ['ok', 3],
    ]);
    expect(notes).toEqual([expect.stringMatching(/^1 lines are not etcd register ops/)]);
    expect(() => importHistory('porcupine-etcd', 'hello\nworld')).toThrow(
      /no line has the shape "INFO {2}jepsen\.util/,
    );
  });

  it('reads kv lines as single micro-ops', () => {
    const ops = importHistory(
      'porcupine-kv',
      '{:process 0, :type :invoke, :f :get, :key "7", :value nil}\n{:process 0, :type :ok, :f :get, :key "7", :value ""}\n',
    );
    expect(ops.map((o) => o.value)).toEqual([[['r', '7', null]], [['r', '7', '']]]);
    expect(() =>
      importHistory('porcupine-kv', '{:process 0, :type :ok, :f :cas, :key "7"}'),
    ).toThrow(/line 1: expected :f as :get, :put or :append/);
  });

  it('lists its formats and rejects others', () => {
    expect(HISTORY_FORMATS).toEqual(['jepsen-edn', 'porcupine-etcd', 'porcupine-kv']);
    expect(() => importHistory('elle', '')).toThrow(
      /known formats: jepsen-edn, porcupine-etcd, porcupine-kv/,
    );
  });
});

describe('Jepsen and Knossos histories as they ship', () => {
  const vector = [
    '; A multi-register with x=0 and y=0',
    '[{:type :invoke, :f :txn, :value [[:read :x nil]], :process 3}',
    ' {:process :nemesis, :type :info, :f :start,',
    '  :value "Cut off"}',
    ' ; the read returns',
    ' {:type :ok, :f :txn, :value [[:read :x 0]], :process 3}]',
  ].join('\n');

  it('reads one EDN vector (or list) of op maps, naming each op by its own line', () => {
    const { ops, lines } = readImported('jepsen-edn', vector);
    expect(ops.map((o) => [o.type, o.process, o.f])).toEqual([
      ['invoke', 3, 'txn'],
      ['info', 'nemesis', 'start'],
      ['ok', 3, 'txn'],
    ]);
    expect(ops[2]!.value).toEqual([['read', 'x', 0]]);
    expect(lines).toEqual([2, 3, 6]);
    const list = vector.replace('[{', '({').replace(/\]$/, ')');
    expect(importHistory('jepsen-edn', list)).toEqual(ops);
  });

  it('pairs as Jepsen does: a crash :info completes its op, a lone client :info is left out', () => {
    const text = [
      '{:process 1, :type :invoke, :f :write, :value 3}',
      '{:process 1, :type :info, :f :crash, :value nil}',
      '{:process 2, :type :info, :f :write, :value 4}',
    ].join('\n');
    const { ops, notes } = readImported('jepsen-edn', text);
    expect(ops.map((o) => [o.type, o.process, o.f])).toEqual([
      ['invoke', 1, 'write'],
      ['info', 1, 'write'],
    ]);
    expect(notes).toEqual([expect.stringMatching(/^1 :info ops of client processes had no/)]);
  });

  it('names the line of a bad op inside the vector', () => {
    const bad = '[{:type :invoke, :f :read, :process 1}\n {:type :ok, :f :read, :process 2}]';
    expect(() => importHistory('jepsen-edn', bad)).toThrow(
      /line 2: op 1 \(ok read\) completes an op of process 2, which has none open/,
    );
  });
});

describe('Porcupine etcd logs as Porcupine reads them', () => {
  it('accepts any whitespace between fields, and leaves a :fail :write of unknown outcome', () => {
    const text = [
      'INFO  jepsen.util - 0 :invoke :write 4',
      'INFO jepsen.util -   0\t :fail   :write\t4  ',
      'INFO\tjepsen.util\t-\t1\t:invoke\t:cas\t[1 2]',
      'INFO  jepsen.util - 1  :ok  :cas  [1  2]',
    ].join('\n');
    const ops = importHistory('porcupine-etcd', text);
    expect(ops.map((o) => [o.type, o.process, o.f, o.value])).toEqual([
      ['invoke', 0, 'write', 4],
      ['info', 0, 'write', 4],
      ['invoke', 1, 'cas', [1, 2]],
      ['ok', 1, 'cas', [1, 2]],
    ]);
  });
});

describe('formats: told from the first lines, with their default checkers', () => {
  it.each([
    ['{"index":0,"type":"invoke"}', 'jsonl'],
    ['INFO  jepsen.util - 0\t:invoke\t:read\tnil', 'porcupine-etcd'],
    ['{:process 0, :type :invoke, :f :append, :key "0", :value "x"}', 'porcupine-kv'],
    ['; comment\n[{:process 0, :type :invoke, :f :read, :value nil}', 'jepsen-edn'],
    ['({:type :invoke, :f :write, :value 0, :process 0}', 'jepsen-edn'],
    ['#jepsen.history.Op{:index 0}', 'jepsen-edn'],
    ['hello', null],
  ])('%s is %s', (head, format) => expect(detectFormat(head)).toBe(format));

  const reg = importHistory('jepsen-edn', '{:process 0, :type :invoke, :f :cas, :value [0 1]}');
  const mutex = importHistory('jepsen-edn', '{:process 0, :type :invoke, :f :acquire}');
  const txn = importHistory(
    'jepsen-edn',
    '{:process 0, :type :invoke, :f :txn, :value [[:w :x 1]]}',
  );
  it.each([
    ['jepsen-edn', reg, ['linearizable-cas-register'], { semantics: 'jepsen', initial: 0 }],
    ['jepsen-edn', mutex, ['linearizable-mutex'], { semantics: 'jepsen' }],
    ['jepsen-edn', txn, ['linearizable-multi-register'], { semantics: 'jepsen', initial: 0 }],
    ['jsonl', reg, ['linearizable-register'], { semantics: 'splitbrain', initial: null }],
    ['porcupine-etcd', reg, ['linearizable-register'], { semantics: 'splitbrain', initial: null }],
  ] as const)('%s %#', (format, ops, checkers, model) => {
    expect(defaultsFor(format, ops)).toEqual({ checkers, model });
  });

  it('says why when a history is of no kind it knows', () => {
    const odd = importHistory('jepsen-edn', '{:process 0, :type :invoke, :f :enqueue, :value 1}');
    expect(defaultsFor('jepsen-edn', odd)).toEqual({
      why: 'op 0 has f "enqueue", which no default checker reads',
    });
  });
});

describe('jepsen.independent register histories', () => {
  const text = [
    '[{:process 0, :type :invoke, :f :write, :value [1 3]}',
    ' {:process 0, :type :ok, :f :write, :value [1 3]}',
    ' {:process 1, :type :invoke, :f :read, :value [2 nil]}',
    ' {:process 1, :type :ok, :f :read, :value [2 0]}',
    ' {:process 2, :type :invoke, :f :cas, :value [1 [3 4]]}',
    ' {:process 2, :type :ok, :f :cas, :value [1 [3 4]]}',
    ' {:process 1, :type :invoke, :f :read, :value [1 nil]}',
    ' {:process 1, :type :ok, :f :read, :value [1 READ]}]',
  ].join('\n');
  const verdict = (read: string) => {
    const { ops } = readImported('jepsen-edn', text.replace('READ', read));
    const d = defaultsFor('jepsen-edn', ops);
    if (!('checkers' in d)) throw new Error(d.why);
    expect(d).toEqual({
      checkers: ['linearizable-cas-register'],
      model: { semantics: 'jepsen', initial: 0, independent: true },
    });
    return check(getChecker(d.checkers[0]!, { model: d.model }), ops);
  };

  it('checks every key as its own register', () => {
    expect(verdict('4').valid).toBe(true);
    const r = verdict('3');
    expect(r.valid).toBe(false);
    expect(r.anomalies[0]!.explanation).toMatch(/^key 1: read → 3/);
  });
});
