// ccxt, an independent client, run against orderflow's local exchange and mock venues (CcxtConformanceITCase).
// One task per run, given as JSON in argv[2]; the answer is one JSON line on stdout. Nothing here leaves loopback:
// every ccxt URL is pointed at the servers the Java test started.
import ccxt from 'ccxt';

const task = JSON.parse(process.argv[2]);

/** Points every ccxt URL of the exchange at loopback: https://host -> rest, wss://host -> ws (paths kept). */
function pointAt(exchange, rest, ws) {
    const walk = (o) => {
        for (const k of Object.keys(o)) {
            if (typeof o[k] === 'string') {
                o[k] = o[k].replace(/^https:\/\/[^/]+/, rest ?? 'http://127.0.0.1:9').replace(/^wss:\/\/[^/]+/, ws ?? 'ws://127.0.0.1:9');
            } else if (o[k] && typeof o[k] === 'object') {
                walk(o[k]);
            }
        }
    };
    walk(exchange.urls.api);
    if (exchange.id === 'okx' || exchange.id === 'woo') {
        exchange.hostname = rest.replace(/^http:\/\//, '');
        // ccxt writes https://{hostname}; the mock speaks plain HTTP on loopback
        exchange.urls.api.rest = rest;
        if (exchange.id === 'woo') {
            exchange.urls.api.public = rest;
            exchange.urls.api.private = rest;
        }
    }
}

/** What ccxt would need to load from the venue's listing endpoints, which the local exchange does not serve. */
function marketFor(exchange, m) {
    const [base, rest] = m.symbol.split('/');
    const [quote, settle] = rest.split(':');
    const contract = m.type !== 'spot';
    return {
        id: m.id, lowercaseId: m.id.toLowerCase(), symbol: m.symbol, base, quote, settle, baseId: base, quoteId: quote,
        settleId: settle, type: m.type, spot: !contract, margin: false, swap: contract, future: false, option: false,
        contract, linear: contract ? !m.inverse : undefined, inverse: contract ? !!m.inverse : undefined,
        contractSize: contract ? 1 : undefined, active: true,
        precision: { price: Number(m.tick), amount: Number(m.lot) }, limits: { amount: {}, price: {}, cost: {}, leverage: {} },
        info: {},
    };
}

const num = (exchange, x) => (x === undefined || x === null ? null : exchange.numberToString(x));

function levels(exchange, side, depth) {
    return side.slice(0, depth).map(([p, q]) => [num(exchange, p), num(exchange, q)]);
}

/** Keeps ccxt pro's book until the stream has been quiet for quietMs, then answers its top levels. */
async function book() {
    const e = new ccxt.pro[task.exchange]({ enableRateLimit: false, timeout: 5000, uid: task.uid ?? '' });
    pointAt(e, task.rest, task.ws);
    e.setMarkets(task.markets.map((m) => marketFor(e, m)));
    await e.loadHttpProxyAgent(); // ccxt asks for it before it opens a plain ws:// connection
    let updates = 0;
    let last;
    const deadline = Date.now() + task.maxMs;
    const params = task.method ? { method: task.method } : {};
    let pending = e.watchOrderBook(task.symbol, undefined, params);
    while (Date.now() < deadline) {
        const quiet = new Promise((resolve) => setTimeout(() => resolve('quiet'), updates === 0 ? task.maxMs : task.quietMs));
        const r = await Promise.race([pending, quiet]);
        if (r === 'quiet') {
            break;
        }
        updates++;
        last = r;
        pending = e.watchOrderBook(task.symbol, undefined, params);
    }
    pending.catch(() => {});
    const answer = last === undefined ? { updates } : {
        updates, nonce: last.nonce ?? null, timestamp: last.timestamp ?? null,
        bids: levels(e, last.bids, task.depth), asks: levels(e, last.asks, task.depth),
    };
    await e.close();
    return answer;
}

/** The markets ccxt makes of the venue's own listing answer (a fixture file in the documented shape). */
async function instruments() {
    const e = new ccxt[task.exchange]({ enableRateLimit: false, options: task.options ?? {} });
    pointAt(e, 'http://listing.invalid', 'ws://listing.invalid');
    e.fetch = async (url) => {
        for (const [part, body] of Object.entries(task.answers)) {
            if (url.includes(part)) {
                return JSON.parse(body);
            }
        }
        throw new Error('no fixture for ' + url);
    };
    const markets = await e.loadMarkets();
    return Object.values(markets).map((m) => ({
        id: m.id, symbol: m.symbol, type: m.type, active: m.active ?? null, linear: m.linear ?? null, inverse: m.inverse ?? null,
        contractSize: num(e, m.contractSize), tick: num(e, m.precision.price), lot: num(e, m.precision.amount),
        minAmount: num(e, m.limits.amount.min), minCost: num(e, m.limits.cost?.min),
    }));
}

/** Trades against a mock venue with ccxt's own request building and signing; answers what ccxt made of it. */
async function trade() {
    const e = new ccxt[task.exchange]({
        apiKey: task.apiKey, secret: task.secret, password: task.passphrase, enableRateLimit: false, timeout: 5000,
        options: task.options ?? {},
    });
    if (task.sandbox) {
        e.setSandboxMode(true); // the demo / testnet environment the mocks stand for (OKX: x-simulated-trading: 1)
    }
    pointAt(e, task.rest, task.ws);
    await e.loadMarkets();
    const results = [];
    const orders = {};
    for (const op of task.ops) {
        const r = { op: op.op, name: op.name };
        try {
            let out;
            switch (op.op) {
                case 'createOrder':
                    out = await e.createOrder(op.symbol, op.type, op.side, op.amount, op.price, op.params ?? {});
                    orders[op.name] = out.id;
                    break;
                case 'fetchOrder':
                    out = await e.fetchOrder(orders[op.order] ?? op.id, op.symbol, op.params ?? {});
                    break;
                case 'cancelOrder':
                    out = await e.cancelOrder(orders[op.order] ?? op.id, op.symbol, op.params ?? {});
                    break;
                case 'fetchOpenOrders':
                    out = await e.fetchOpenOrders(op.symbol, undefined, undefined, op.params ?? {});
                    break;
                case 'fetchPositions':
                    out = await e.fetchPositions(op.symbols, op.params ?? {});
                    break;
                case 'fetchMyTrades':
                    out = await e.fetchMyTrades(op.symbol, undefined, undefined, op.params ?? {});
                    break;
                default:
                    throw new Error('unknown op ' + op.op);
            }
            r.ok = true;
            r.result = summary(e, op.op, out);
        } catch (err) {
            r.ok = false;
            r.error = err.constructor.name + ': ' + String(err.message).slice(0, 500);
        }
        results.push(r);
    }
    return { markets: Object.keys(e.markets), results };
}

function orderSummary(e, o) {
    return {
        id: o.id, clientOrderId: o.clientOrderId ?? null, symbol: o.symbol, type: o.type, side: o.side,
        status: o.status, price: num(e, o.price), amount: num(e, o.amount), filled: num(e, o.filled),
        reduceOnly: o.reduceOnly ?? null,
    };
}

function summary(e, op, out) {
    switch (op) {
        case 'fetchOpenOrders':
            return out.map((o) => orderSummary(e, o));
        case 'fetchPositions':
            return out.map((p) => ({
                symbol: p.symbol, side: p.side, contracts: num(e, p.contracts), contractSize: num(e, p.contractSize),
                entryPrice: num(e, p.entryPrice),
            }));
        case 'fetchMyTrades':
            return out.map((t) => ({
                id: t.id, order: t.order, symbol: t.symbol, side: t.side, price: num(e, t.price),
                amount: num(e, t.amount), fee: t.fee ? { cost: num(e, t.fee.cost), currency: t.fee.currency } : null,
            }));
        default:
            return orderSummary(e, out);
    }
}

const tasks = { book, instruments, trade };
try {
    const answer = await tasks[task.task]();
    process.stdout.write(JSON.stringify({ ok: true, answer }) + '\n');
    process.exit(0);
} catch (err) {
    process.stdout.write(JSON.stringify({ ok: false, error: err.constructor.name + ': ' + err.message }) + '\n');
    process.exit(1);
}
