// Qt Test of ipseclab-viz: every scenario's output loads, the views follow the cursor forwards
// and backwards (replay bitmap = the event's bitmap, the sequence view highlights the cursor's
// message), filters and jumps work, bad inputs give errors, and each view renders a real image.
// Scenario outputs are generated here from the programs in $IPSECLAB_SCENARIOS.
#include "charts-view.h"
#include "event-model.h"
#include "inspector-view.h"
#include "keys-view.h"
#include "main-window.h"
#include "narration-view.h"
#include "renderer.h"
#include "replay-view.h"
#include "sequence-view.h"
#include "time-cursor.h"
#include "topology-view.h"

#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace viz;

namespace
{

struct Scenario
{
    QString name;
    QStringList args;
};

// The scenarios and the options that make them show the most (rekeys, tampering, replays).
const QVector<Scenario> kScenarios = {
    {"site-to-site", {"--steps", "--childRekey=1.5", "--ikeRekey=2", "--duration=5"}},
    {"manual-keys", {"--tamper=3"}},
    {"host-to-host", {}},
    {"rekey", {}},
    {"replay-attack", {}},
    {"tamper", {}},
    {"ike-failures", {}},
    {"ah-vs-nat", {}},
    {"remote-access", {}},
};

} // namespace

class TestVisualizer : public QObject
{
    Q_OBJECT

  private:
    QTemporaryDir m_tmp;
    QHash<QString, QString> m_out;     // scenario -> output dir
    QHash<QString, QString> m_missing; // scenario -> why it was not generated
    QHash<QString, QString> m_cases;   // scenario -> the output of one case (ike-failures)

    void addScenarioRows()
    {
        QTest::addColumn<QString>("scenario");
        for (const Scenario& s : kScenarios)
            QTest::newRow(qPrintable(s.name)) << s.name;
    }
    QString requireScenario(const QString& name)
    {
        if (!m_out.contains(name))
            return QString();
        return m_out.value(name);
    }

  private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const QString bin = qEnvironmentVariable("IPSECLAB_SCENARIOS");
        for (const Scenario& s : kScenarios)
        {
            const QString exe = bin + "/" + s.name;
            if (bin.isEmpty() || !QFileInfo(exe).isExecutable())
            {
                m_missing.insert(s.name,
                                 QString("%1 not built (IPSECLAB_SCENARIOS=%2)").arg(s.name, bin));
                continue;
            }
            const QString out = m_tmp.path() + "/" + s.name;
            QProcess p;
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(exe, QStringList{"--out=" + out} + s.args);
            const bool finished = p.waitForFinished(180000);
            // ike-failures writes one directory per case (dead-peer: IKE, ESP and DPD)
            if (QFileInfo::exists(out + "/dead-peer/events.jsonl"))
                m_cases.insert(s.name, out + "/dead-peer");
            if (!finished || !QFileInfo::exists(out + "/events.jsonl"))
            {
                m_missing.insert(s.name,
                                 QString("%1 did not produce events.jsonl: %2")
                                     .arg(s.name, QString::fromLocal8Bit(p.readAll().right(400))));
                continue;
            }
            m_out.insert(s.name, out);
        }
        if (m_out.isEmpty())
            qWarning("no scenario output: %s",
                     qPrintable(QStringList(m_missing.values()).join("; ")));
    }

    void loads_data() { addScenarioRows(); }
    void loads()
    {
        QFETCH(QString, scenario);
        const QString dir = requireScenario(scenario);
        if (dir.isEmpty())
            QSKIP(qPrintable(m_missing.value(scenario)));
        EventModel m;
        QString error;
        QVERIFY2(m.load(dir, &error), qPrintable(error));
        QVERIFY(m.size() > 0);
        // the events.jsonl file itself opens too
        EventModel m2;
        QVERIFY2(m2.load(dir + "/events.jsonl", &error), qPrintable(error));
        QCOMPARE(m2.size(), m.size());
        for (int i = 0; i < m.size(); ++i)
        {
            QCOMPARE(m.at(i).index, i);
            const int r = m.receiverOf(i);
            if (r >= 0)
            {
                QVERIFY(r > i);
                QCOMPARE(m.senderOf(r), i);
            }
        }
        QVERIFY(!m.nodeNames().isEmpty());
    }

    // Stepping forwards then backwards: every view shows the state of the cursor's event.
    void stepping_data() { addScenarioRows(); }
    void stepping()
    {
        QFETCH(QString, scenario);
        const QString dir = requireScenario(scenario);
        if (dir.isEmpty())
            QSKIP(qPrintable(m_missing.value(scenario)));
        EventModel m;
        QString error;
        QVERIFY2(m.load(dir, &error), qPrintable(error));
        TimeCursor cursor(&m);
        ReplayView replay;
        SequenceView sequence;
        InspectorView inspector;
        TopologyView topology;
        KeysView keys;
        replay.attach(&cursor);
        sequence.attach(&cursor);
        inspector.attach(&cursor);
        topology.attach(&cursor);
        keys.attach(&cursor);

        auto check = [&](int i)
        {
            QCOMPARE(cursor.index(), i);
            // replay: the bitmap shown is the latest replay event's (update: after, check: before)
            int last = -1;
            for (int k = i; k >= 0 && last < 0; --k)
                if (m.at(k).layer == "replay")
                    last = k;
            QCOMPARE(replay.shownEvent(), last);
            if (last >= 0)
            {
                const Event& e = m.at(last);
                const QJsonObject w =
                    (e.kind == "update" ? e.obj.value("after") : e.obj.value("before")).toObject();
                QCOMPARE(replay.shownBitmap(), w.value("bitmap").toString());
                QCOMPARE(replay.shownTop(), static_cast<qint64>(w.value("window_top").toDouble()));
                QCOMPARE(replay.shownBitmap().size(), replay.shownSize());
            }
            // sequence: the highlighted message is the cursor's
            const Event& e = m.at(i);
            if (e.lk() == "ike/message-sent")
                QCOMPARE(sequence.highlightedMessage(), i);
            else if (e.lk() == "ike/message-received" && m.senderOf(i) >= 0)
            {
                const Event& s = m.at(sequence.highlightedMessage());
                QCOMPARE(sequence.highlightedMessage(), m.senderOf(i));
                QCOMPARE(s.str("exchange"), e.str("exchange"));
                QCOMPARE(s.integer("message_id"), e.integer("message_id"));
            }
            else if (sequence.highlightedMessage() >= 0)
                QVERIFY(sequence.highlightedMessage() <= i);
            // inspector: the latest packet event
            int pkt = -1;
            for (int k = i; k >= 0 && pkt < 0; --k)
                if (m.at(k).isPacket())
                    pkt = k;
            QCOMPARE(inspector.selectedEvent(), pkt);
            if (pkt >= 0 && m.at(pkt).layer == "esp" && m.at(pkt).kind == "encap")
                QVERIFY(!inspector.regions().isEmpty());
            // topology: packets in flight were sent at or before the cursor and are received after
            // it
            for (int s : topology.packetsInFlight())
                QVERIFY(s <= i && m.receiverOf(s) > i);
            // keys: what is derived at the cursor never lies in the future of the shown SA's first
            // key
            if (e.lk() == "ike/key-derived")
                QCOMPARE(keys.derivations().value(e.str("name"), -2) <= i ||
                             e.str("name") == "KEYMAT",
                         true);
        };
        check(0);
        int steps = 0;
        while (cursor.next())
        {
            check(cursor.index());
            ++steps;
        }
        QCOMPARE(steps, m.size() - 1);
        QVERIFY(!cursor.next());
        while (cursor.previous())
            check(cursor.index());
        QCOMPARE(cursor.index(), 0);
        QVERIFY(!cursor.previous());
        cursor.setIndex(m.size() + 10); // clamped
        QCOMPARE(cursor.index(), m.size() - 1);
    }

    void filters_data() { addScenarioRows(); }
    void filters()
    {
        QFETCH(QString, scenario);
        const QString dir = requireScenario(scenario);
        if (dir.isEmpty())
            QSKIP(qPrintable(m_missing.value(scenario)));
        EventModel m;
        QString error;
        QVERIFY2(m.load(dir, &error), qPrintable(error));
        TimeCursor cursor(&m);
        // node filter: stepping visits exactly that node's events, in order
        for (const QString& node : m.nodeNames())
        {
            cursor.setFilter(Filter{});
            cursor.setIndex(0);
            cursor.setFilter(Filter{node, {}, {}});
            QVector<int> visited;
            if (m.at(cursor.index()).nodeLabel() == node)
                visited << cursor.index();
            while (cursor.next())
                visited << cursor.index();
            QVector<int> expected;
            for (const Event& e : m.events())
                if (e.nodeLabel() == node)
                    expected << e.index;
            QCOMPARE(visited, expected);
        }
        // layer filter, stepping back
        for (const QString& layer : m.layers())
        {
            cursor.setFilter(Filter{});
            cursor.setIndex(m.size() - 1);
            cursor.setFilter(Filter{{}, layer, {}});
            QCOMPARE(m.at(cursor.index()).layer, layer);
            while (cursor.previous())
                QCOMPARE(m.at(cursor.index()).layer, layer);
        }
        // SA filter: every visited event belongs to that SA (label or SPI)
        if (!m.saLabels().isEmpty())
        {
            const QString sa = m.saLabels().first();
            cursor.setFilter(Filter{});
            cursor.setIndex(0);
            cursor.setFilter(Filter{{}, {}, sa});
            int n = 0;
            do
            {
                const Event& e = m.at(cursor.index());
                QVERIFY2(e.str("sa") == sa ||
                             (e.has("spi") && sa.contains(spiHex(e.integer("spi")).mid(2))),
                         qPrintable(e.oneLine()));
                ++n;
            } while (cursor.next());
            QVERIFY(n > 0);
        }
        // jumps
        cursor.setFilter(Filter{});
        for (const QString& what : {QString("drop"),
                                    QString("drop:icv-failure"),
                                    QString("replay/check:replayed"),
                                    QString("ike/message-sent")})
        {
            cursor.setIndex(0);
            int expected = -1;
            for (int k = 1; k < m.size() && expected < 0; ++k)
                if (TimeCursor::matchesKind(m.at(k), what))
                    expected = k;
            QCOMPARE(cursor.jumpToNext(what), expected >= 0);
            QCOMPARE(cursor.index(), expected >= 0 ? expected : 0);
            if (expected >= 0 && what.contains(':'))
                QVERIFY(m.at(expected).str("reason") == what.section(':', 1) ||
                        m.at(expected).str("verdict") == what.section(':', 1));
        }
    }

    void specificContent()
    {
        // site-to-site: the IKE ladder has both phases; manual-keys --tamper: ICV failures are seen
        if (const QString dir = requireScenario("site-to-site"); !dir.isEmpty())
        {
            EventModel m;
            QString error;
            QVERIFY(m.load(dir, &error));
            TimeCursor cursor(&m);
            SequenceView seq;
            seq.attach(&cursor);
            QSet<QString> phases;
            for (const auto& r : seq.rows())
                if (r.message)
                    phases << r.phase;
            QVERIFY(phases.contains("phase 1"));
            QVERIFY(phases.contains("phase 2"));
            QCOMPARE(seq.peers().size(), 2);
            KeysView keys;
            keys.attach(&cursor);
            QVERIFY(cursor.jumpToNext("ike/key-derived"));
            QVERIFY(keys.derivations().contains("SKEYSEED"));
            ChartsView charts;
            charts.attach(&cursor);
            QVERIFY(!charts.octetsPerSa().isEmpty());
            QVERIFY(charts.exchangeDurations().size() >= 2);
        }
        if (const QString dir = requireScenario("manual-keys"); !dir.isEmpty())
        {
            EventModel m;
            QString error;
            QVERIFY(m.load(dir, &error));
            TimeCursor cursor(&m);
            ReplayView replay;
            replay.attach(&cursor);
            InspectorView insp;
            insp.attach(&cursor);
            QVERIFY(cursor.jumpToNext("drop:icv-failure"));
            const int drop = cursor.index();
            QVERIFY(insp.receiveEvent() >= 0);
            const Event& r = m.at(insp.receiveEvent());
            QVERIFY(r.kind == "decap" || r.kind == "drop");
            if (r.kind == "decap")
                QCOMPARE(r.obj.value("icv_ok").toBool(), false);
            // the replay check of that packet ends "ICV failed"
            int check = -1;
            for (int k = drop; k >= 0 && check < 0; --k)
                if (m.at(k).lk() == "replay/check" &&
                    m.at(k).integer("spi") == m.at(drop).integer("spi"))
                    check = k;
            QVERIFY(check >= 0);
            QCOMPARE(replay.fateOf(check, drop), ReplayView::Fate::IcvFailed);
            QCOMPARE(replay.fateOf(check, check),
                     drop > check + 1 ? ReplayView::Fate::Pending : ReplayView::Fate::IcvFailed);
            ChartsView charts;
            charts.attach(&cursor);
            QVERIFY(charts.dropsByReason(m.size()).value(m.at(drop).layer + " icv-failure") > 0);
        }
    }

    // Issue 21: the receiver's side of a tampered packet shows the octet the attacker changed.
    void inspectorReceiverSide()
    {
        const QString dir = requireScenario("manual-keys"); // run with --tamper=3
        if (dir.isEmpty())
            QSKIP(qPrintable(m_missing.value("manual-keys")));
        EventModel m;
        QString error;
        QVERIFY(m.load(dir, &error));
        TimeCursor cursor(&m);
        InspectorView insp;
        insp.resize(1400, 900);
        insp.attach(&cursor);
        int tamper = -1, decap = -1;
        for (int k = 0; k < m.size() && decap < 0; ++k)
        {
            if (m.at(k).lk() == "attacker/tamper" && m.at(k).integer("protocol") == 50)
                tamper = k;
            if (tamper >= 0 && m.at(k).lk() == "esp/decap" && !m.at(k).obj.value("icv_ok").toBool())
                decap = k;
        }
        QVERIFY(tamper >= 0 && decap > tamper);
        const Event& t = m.at(tamper);
        const int offset = int(t.integer("offset"));
        // at the sender's encap: the sender's octets, nothing known of the receiver yet
        const int send = m.senderOf(decap);
        QVERIFY(send >= 0);
        cursor.setIndex(send);
        QCOMPARE(insp.side(), QString("sender"));
        QVERIFY(insp.changedOctets().isEmpty());
        QCOMPARE(insp.shownOctets().mid(offset * 2, 2).toInt(nullptr, 16),
                 int(t.integer("before")));
        // at the receiver's check: the receiver's octets, the changed one highlighted
        cursor.setIndex(decap);
        QCOMPARE(insp.side(), QString("receiver"));
        QCOMPARE(insp.changedOctets(), QVector<int>{offset});
        QCOMPARE(insp.shownOctets().mid(offset * 2, 2).toInt(nullptr, 16), int(t.integer("after")));
        QImage img(insp.size(), QImage::Format_ARGB32_Premultiplied);
        img.fill(Qt::white);
        {
            QPainter p(&img);
            insp.render(&p);
        }
        const QRect cell = insp.octetRect(offset);
        QVERIFY2(!cell.isEmpty(), "the changed octet is not drawn");
        QCOMPARE(QColor(img.pixel(cell.left() + 1, cell.top() + 1)), colors::drop());
        // an octet that did not change is not highlighted
        QVERIFY(QColor(img.pixel(insp.octetRect(0).left() + 1, insp.octetRect(0).top() + 1)) !=
                colors::drop());
        // the field tree has every layer of the received packet
        QStringList layers;
        for (const PacketField& f : insp.fields())
            if (!layers.contains(f.layer))
                layers << f.layer;
        QCOMPARE(layers, (QStringList{"Outer IPv4", "ESP"}));
        // the ICV failed: the receiver decrypted nothing
        QVERIFY(insp.plaintextFields().isEmpty());
    }

    // Issue 21: AH through the NAT: the receiver's MAC input differs in the source address only;
    // ESP in UDP: the field tree has the NAT-T UDP header and the NAT's port is highlighted.
    void inspectorNat()
    {
        if (const QString dir = requireScenario("ah-vs-nat"); !dir.isEmpty())
        {
            EventModel m;
            QString error;
            QVERIFY(m.load(dir, &error));
            TimeCursor cursor(&m);
            InspectorView insp;
            insp.attach(&cursor);
            QVERIFY(cursor.jumpToNext("ah/decap"));
            QCOMPARE(insp.side(), QString("receiver"));
            QCOMPARE(insp.changedMacInput(), (QVector<int>{12, 13, 14, 15}));
            QVERIFY(insp.changedOctets().contains(12) && insp.changedOctets().contains(8)); // TTL
            bool mutableTtl = false;
            for (const PacketField& f : insp.fields())
                mutableTtl = mutableTtl || (f.name == "TTL" && f.mutableInAh);
            QVERIFY(mutableTtl);
        }
        if (const QString dir = requireScenario("remote-access"); !dir.isEmpty())
        {
            EventModel m;
            QString error;
            QVERIFY(m.load(dir, &error));
            TimeCursor cursor(&m);
            InspectorView insp;
            insp.attach(&cursor);
            int decap = -1;
            for (int k = 0; k < m.size() && decap < 0; ++k)
                if (m.at(k).lk() == "esp/decap" && m.at(k).nodeLabel() == "gateway")
                    decap = k;
            QVERIFY(decap >= 0);
            cursor.setIndex(decap);
            QString port;
            QStringList layers;
            for (const PacketField& f : insp.fields())
            {
                if (!layers.contains(f.layer))
                    layers << f.layer;
                if (f.layer == "UDP (NAT-T)" && f.name == "Destination port")
                    port = f.value;
            }
            QCOMPARE(layers, (QStringList{"Outer IPv4", "UDP (NAT-T)", "ESP"}));
            QCOMPARE(port, QString("4500"));
            QVERIFY(insp.changedOctets().contains(12)); // the NAT's public source address
            QStringList inner;
            for (const PacketField& f : insp.plaintextFields())
                if (!inner.contains(f.layer))
                    inner << f.layer;
            QCOMPARE(inner.mid(0, 2), (QStringList{"Inner IPv4", "UDP"}));
        }
    }

    // Issue 21: every node of every scenario is drawn, connected as the scenario built it.
    void topologyAsBuilt_data() { addScenarioRows(); }
    void topologyAsBuilt()
    {
        QFETCH(QString, scenario);
        const QString dir = m_cases.value(scenario, requireScenario(scenario));
        if (dir.isEmpty())
            QSKIP(qPrintable(m_missing.value(scenario)));
        QFile f(dir + "/topology.json");
        QVERIFY2(f.open(QIODevice::ReadOnly), "the scenario wrote no topology.json");
        const QJsonObject file = QJsonDocument::fromJson(f.readAll()).object();
        EventModel m;
        QString error;
        QVERIFY(m.load(dir, &error));
        TimeCursor cursor(&m);
        TopologyView topo;
        topo.resize(1400, 900);
        topo.attach(&cursor);
        auto viewNode = [&](const QString& name)
        {
            for (int i = 0; i < topo.nodes().size(); ++i)
                if (topo.nodes()[i].name == name)
                    return i;
            return -1;
        };
        QSet<QString> roles;
        for (const QJsonValue& v : file.value("nodes").toArray())
        {
            const QJsonObject n = v.toObject();
            const int i = viewNode(n.value("name").toString());
            QVERIFY2(i >= 0, qPrintable("not drawn: " + n.value("name").toString()));
            QStringList addresses;
            for (const QJsonValue& a : n.value("addresses").toArray())
                addresses << a.toString();
            QCOMPARE(topo.nodes()[i].addresses, addresses); // its own addresses, no others
            roles << n.value("role").toString();
            bool linked = false;
            for (const auto& l : topo.links())
                linked = linked || l.first == i || l.second == i;
            QVERIFY2(linked, qPrintable("not connected: " + n.value("name").toString()));
        }
        const QJsonArray links = file.value("links").toArray();
        QCOMPARE(topo.links().size(), links.size());
        for (const QJsonValue& v : links)
        {
            const int a = viewNode(v.toObject().value("a").toString());
            const int b = viewNode(v.toObject().value("b").toString());
            QVERIFY(topo.links().contains(qMakePair(qMin(a, b), qMax(a, b))));
        }
        // laid out apart, inside the view
        for (int i = 0; i < topo.nodes().size(); ++i)
            for (int j = i + 1; j < topo.nodes().size(); ++j)
                QVERIFY((topo.nodes()[i].pos - topo.nodes()[j].pos).manhattanLength() > 0.02);
        // what each scenario has besides gateways and hosts
        if (scenario == "ah-vs-nat" || scenario == "remote-access")
        {
            QVERIFY(roles.contains("nat"));
            const int laptop = viewNode(scenario == "ah-vs-nat" ? "alice" : "laptop");
            QVERIFY(laptop >= 0);
            QVERIFY(!topo.nodes()[laptop].addresses.contains("198.51.100.1"));
        }
        if (scenario == "tamper" || scenario == "replay-attack" || scenario == "manual-keys")
            QVERIFY(roles.contains("attacker"));
        if (scenario == "host-to-host")
            QVERIFY(roles.contains("eavesdropper"));
    }

    // Issue 21: the keys view shows the Child SA keys only once they are installed; the sequence
    // view marks the first Child SA (phase 2, inside IKE_AUTH); the narration follows the cursor.
    void keysSequenceNarration()
    {
        const QString dir = requireScenario("site-to-site");
        if (dir.isEmpty())
            QSKIP(qPrintable(m_missing.value("site-to-site")));
        EventModel m;
        QString error;
        QVERIFY(m.load(dir, &error));
        TimeCursor cursor(&m);
        KeysView keys;
        keys.attach(&cursor);
        QVERIFY(cursor.jumpToNext("ike/message-sent"));
        while (m.at(cursor.index()).str("exchange") != "IKE_AUTH")
            QVERIFY(cursor.jumpToNext("ike/message-sent"));
        Filter initiator; // the keys of one node: the cursor's events must not switch nodes
        initiator.node = m.at(cursor.index()).nodeLabel();
        cursor.setFilter(initiator);
        const QVector<int> all = keys.childInstalls();
        QCOMPARE(all.size(), 2);
        for (int k : all)
            QVERIFY(k > cursor.index());
        QVERIFY(keys.installedChildKeys().isEmpty());
        cursor.setIndex(all.first());
        QCOMPARE(keys.installedChildKeys(), QVector<int>{all.first()});
        cursor.setIndex(all.last());
        QCOMPARE(keys.installedChildKeys(), all);

        cursor.setFilter(Filter());
        SequenceView seq;
        seq.attach(&cursor);
        bool firstChildBand = false;
        for (const SequenceView::Band& b : seq.bands())
            if (b.phase == "phase 2")
                for (int r = b.firstRow; r <= b.lastRow; ++r)
                    firstChildBand =
                        firstChildBand || m.at(seq.rows()[r].event).str("exchange") == "IKE_AUTH";
        QVERIFY(firstChildBand);

        QVERIFY(!m.narration().isEmpty());
        MainWindow w(&m);
        auto* dock = w.findChild<QDockWidget*>("narration");
        QVERIFY(dock);
        auto* pane = qobject_cast<NarrationView*>(dock->widget());
        QVERIFY(pane);
        int authSent = -1;
        for (int k = 0; k < m.size() && authSent < 0; ++k)
            if (m.at(k).lk() == "ike/message-sent" && m.at(k).str("exchange") == "IKE_AUTH")
                authSent = k;
        w.timeCursor()->setIndex(authSent);
        const int sentence = pane->currentSentence();
        QVERIFY(sentence >= 0);
        const Narration& n = m.narration()[sentence];
        QCOMPARE(n.index, authSent);
        QVERIFY(n.text.contains("IKE_AUTH request"));
        w.timeCursor()->setIndex(0);
        QVERIFY(pane->currentSentence() < sentence);
        // a click on a sentence moves the cursor to the event it tells
        pane->resize(500, 800);
        pane->grab(); // paints: the sentences get their boxes
        int clicked = -1, at = 0;
        for (int y = 60; y < 800 && clicked <= 0; y += 10)
        {
            clicked = pane->sentenceAt(QPoint(100, y));
            at = y;
        }
        QVERIFY(clicked > 0);
        QTest::mouseClick(pane, Qt::LeftButton, {}, QPoint(100, at));
        QCOMPARE(w.timeCursor()->index(), m.narration()[clicked].index);
    }

    void badInputs()
    {
        QTemporaryDir d;
        auto write = [&](const QString& name, const QByteArray& data)
        {
            QDir().mkpath(d.path() + "/" + name);
            QFile f(d.path() + "/" + name + "/events.jsonl");
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(data);
        };
        const QByteArray good =
            R"({"v":1,"seq":0,"t":0.000000000,"node":null,"node_name":"","layer":"scenario","kind":"step","number":1,"title":"x","text":"y"})";
        write("good", good + "\n");
        write("badjson", good + "\n{\"v\":1,\"seq\":1,\n");
        write(
            "version",
            R"({"v":2,"seq":0,"t":0.0,"node":null,"node_name":"","layer":"scenario","kind":"step"})"
            "\n");
        write("nov",
              R"({"seq":0,"t":0.0,"layer":"x","kind":"y"})"
              "\n");
        write("nolayer",
              R"({"v":1,"seq":0,"t":0.0,"node":1,"node_name":"a","kind":"y"})"
              "\n");
        write("array", "[1,2,3]\n");
        write("empty", "");
        write("binary", QByteArray("\x00\xff\xfe garbage", 12));
        QDir().mkpath(d.path() + "/nofile");
        struct Case
        {
            QString dir;
            QString expect;
        };
        const QVector<Case> cases = {{"missing-dir", "no such file"},
                                     {"nofile", "no events.jsonl"},
                                     {"badjson", ":2: not valid JSON"},
                                     {"version", "schema version v=2"},
                                     {"nov", "no schema version"},
                                     {"nolayer", "\"layer\""},
                                     {"array", "JSON object"},
                                     {"empty", "no events"},
                                     {"binary", "not valid JSON"}};
        for (const Case& c : cases)
        {
            EventModel m;
            QString error;
            QVERIFY2(!m.load(d.path() + "/" + c.dir, &error), qPrintable(c.dir));
            QVERIFY2(error.contains(c.expect), qPrintable(c.dir + ": " + error));
        }
        EventModel m;
        QString error;
        QVERIFY2(m.load(d.path() + "/good", &error), qPrintable(error));
        QCOMPARE(m.size(), 1);
        // every view renders a one-event stream without crashing
        for (const QString& v : viewNames())
            QVERIFY(!renderView(m, v, 0, QSize(800, 600), &error).isNull());
        QVERIFY(renderView(m, "nope", 0, QSize(800, 600), &error).isNull());
        QVERIFY(error.contains("unknown view"));
        QVERIFY(renderView(m, "topology", 5, QSize(800, 600), &error).isNull());
        QVERIFY(error.contains("out of range"));

        // the program: exit code 2 and a message on stderr, for the headless mode
        const QString viz = qEnvironmentVariable("IPSECLAB_VIZ");
        if (viz.isEmpty() || !QFileInfo(viz).isExecutable())
            QSKIP("IPSECLAB_VIZ not set: program exit codes not checked");
        auto run = [&](const QStringList& args, QString* err)
        {
            QProcess p;
            p.start(viz, args);
            p.waitForFinished(60000);
            *err = QString::fromLocal8Bit(p.readAllStandardError());
            return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        };
        QString err;
        const QString png = d.path() + "/x.png";
        QCOMPARE(run({d.path() + "/version", "--render", "topology", "--at", "0", "-o", png}, &err),
                 2);
        QVERIFY2(err.contains("schema version"), qPrintable(err));
        QCOMPARE(
            run({d.path() + "/missing-dir", "--render", "topology", "--at", "0", "-o", png}, &err),
            2);
        QVERIFY(err.contains("no such file"));
        QCOMPARE(run({d.path() + "/good", "--render", "nope", "--at", "0", "-o", png}, &err), 2);
        QCOMPARE(run({d.path() + "/good", "--render", "topology", "--at", "9", "-o", png}, &err),
                 2);
        QCOMPARE(run({d.path() + "/good", "--render", "topology", "-o", png}, &err), 2);
        QCOMPARE(run({d.path() + "/good", "--bogus"}, &err), 2);
        QCOMPARE(run({d.path() + "/good", "--render", "charts", "--at", "0", "-o", png}, &err), 0);
        QVERIFY(QImage(png).width() == 1400);
    }

    // Each view of each scenario renders a non-trivial image at a few cursor positions.
    void rendering_data() { addScenarioRows(); }
    void rendering()
    {
        QFETCH(QString, scenario);
        const QString dir = requireScenario(scenario);
        if (dir.isEmpty())
            QSKIP(qPrintable(m_missing.value(scenario)));
        EventModel m;
        QString error;
        QVERIFY2(m.load(dir, &error), qPrintable(error));
        QVector<int> at = {0, m.size() / 2, m.size() - 1};
        for (const QString& what : {QString("esp/encap"),
                                    QString("ah/decap"),
                                    QString("replay/update"),
                                    QString("drop"),
                                    QString("ike/key-derived")})
            for (int k = 0; k < m.size(); ++k)
                if (TimeCursor::matchesKind(m.at(k), what))
                {
                    at << k;
                    break;
                }
        const QSize size(1200, 800);
        bool hasIke = false;
        for (const Event& e : m.events())
            hasIke = hasIke || e.layer == "ike";
        for (const QString& v : viewNames())
            for (int i : at)
            {
                // at the last event every view has its content (the IKE views need IKE); elsewhere
                // a view may show its "nothing yet" text, still a real image
                const bool full = i == m.size() - 1 && (hasIke || (v != "sequence" && v != "keys"));
                const QImage img = renderView(m, v, i, size, &error);
                QVERIFY2(!img.isNull(), qPrintable(error));
                QCOMPARE(img.size(), size);
                QHash<QRgb, int> colours;
                const QRgb bg = img.pixel(img.width() - 2, img.height() / 2);
                int notBg = 0, samples = 0;
                for (int y = 0; y < img.height(); y += 3)
                    for (int x = 0; x < img.width(); x += 3)
                    {
                        const QRgb c = img.pixel(x, y);
                        colours[c]++;
                        notBg += c != bg;
                        ++samples;
                    }
                QVERIFY2(
                    colours.size() >= (full ? 6 : 3),
                    qPrintable(QString("%1 at %2: %3 colours").arg(v).arg(i).arg(colours.size())));
                QVERIFY2(notBg > samples / (full ? 100 : 2000),
                         qPrintable(QString("%1 at %2: nearly blank").arg(v).arg(i)));
            }
    }
};

QTEST_MAIN(TestVisualizer)
#include "test-visualizer.moc"
