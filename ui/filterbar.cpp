// The state tabs and the search box.
#include "filterbar.h"

#include "models/taskmodel.h"
#include "taskfilterproxy.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QLocale>
#include <QSignalBlocker>
#include <QTabBar>
#include <array>

using StateFilter = TaskFilterProxy::StateFilter;

static constexpr StateFilter Filters[] = {
    StateFilter::All,    StateFilter::Active,   StateFilter::Queued, StateFilter::Completed,
    StateFilter::Failed, StateFilter::Canceled, StateFilter::Paused};

FilterBar::FilterBar(TaskModel *model, TaskFilterProxy *proxy, QWidget *parent)
    : QWidget(parent), m_model(model), m_proxy(proxy), m_tabs(new QTabBar(this)),
      m_search(new QLineEdit(this)), m_where(new QComboBox(this))
{
    m_where->setObjectName(QStringLiteral("wherePicker"));
    m_where->setAccessibleName(tr("Show downloads by where they run"));
    m_where->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_where->hide(); // until there is a remote engine
    m_tabs->setObjectName(QStringLiteral("stateFilter"));
    m_tabs->setAccessibleName(tr("Show downloads by state"));
    m_tabs->setDrawBase(false);
    m_tabs->setExpanding(false);
    m_tabs->setDocumentMode(true);
    for (int i = 0; i < static_cast<int>(std::size(Filters)); ++i)
        m_tabs->addTab(QString());

    m_search->setObjectName(QStringLiteral("searchBox"));
    m_search->setAccessibleName(tr("Search downloads"));
    m_search->setPlaceholderText(tr("Search name or URL"));
    m_search->setClearButtonEnabled(true);
    m_search->setFixedWidth(SearchWidth);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_tabs);
    layout->addStretch();
    layout->addWidget(m_where);
    layout->addWidget(m_search);

    connect(m_tabs, &QTabBar::currentChanged, this,
            [this](int tab) { m_proxy->setStateFilter(Filters[qMax(0, tab)]); });
    connect(m_search, &QLineEdit::textChanged, m_proxy, &TaskFilterProxy::setSearchText);
    connect(m_where, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant where = m_where->currentData();
        m_proxy->setWhere(where.isValid() ? std::optional<QString>(where.toString())
                                          : std::nullopt);
        updateCounts();
    });
    connect(m_search, &QLineEdit::textChanged, this, &FilterBar::updateCounts);
    connect(m_model, &TaskModel::statsChanged, this, &FilterBar::updateCounts);
    updateCounts();
}

// The tabs keep their room: the search box gives way first, down to a floor.
void FilterBar::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitSearchBox();
}

void FilterBar::fitSearchBox()
{
    const QMargins margins = layout()->contentsMargins();
    const int picker = m_where->isVisible() ? m_where->sizeHint().width() + layout()->spacing() : 0;
    const int spare = width() - margins.left() - margins.right() - m_tabs->sizeHint().width() -
                      picker - 2 * layout()->spacing();
    const int wanted = qBound(MinSearchWidth, spare, SearchWidth);
    if (m_search->width() != wanted)
        m_search->setFixedWidth(wanted);
}

void FilterBar::updateCounts()
{
    std::array<int, std::size(Filters)> counts{};
    if (m_proxy->searchText().isEmpty() && !m_proxy->where()) {
        const int waiting = m_model->waitingCount();
        counts = {m_model->rowCount(),
                  m_model->countIn(TaskState::Running) + waiting,
                  m_model->countIn(TaskState::Queued) - waiting,
                  m_model->countIn(TaskState::Completed),
                  m_model->countIn(TaskState::Failed),
                  m_model->countIn(TaskState::Canceled),
                  m_model->countIn(TaskState::Paused)};
    } else { // the counts follow the search and the place
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const Task &task = m_model->taskAt(row);
            if (!m_proxy->matchesWhere(task) || !m_proxy->matchesSearch(row))
                continue;
            for (size_t i = 0; i < std::size(Filters); ++i)
                counts[i] += TaskFilterProxy::matches(Filters[i], task) ? 1 : 0;
        }
    }
    const QString names[] = {tr("All"),    tr("Active"),   tr("Queued"), tr("Completed"),
                             tr("Failed"), tr("Canceled"), tr("Paused")};
    const QLocale locale;
    for (int i = 0; i < m_tabs->count(); ++i) {
        const QString text = tr("%1 (%2)").arg(names[i], locale.toString(counts[size_t(i)]));
        if (m_tabs->tabText(i) != text)
            m_tabs->setTabText(i, text);
    }
    fitSearchBox(); // longer counts, wider tabs
}

void FilterBar::setEngines(const QList<std::pair<QString, QString>> &engines)
{
    const QVariant current = m_where->currentData();
    const QSignalBlocker quiet(m_where);
    m_where->clear();
    m_where->addItem(tr("Everywhere"));
    m_where->addItem(tr("This computer"), QString(QLatin1String("")));
    for (const auto &[id, label] : engines)
        m_where->addItem(label, id);
    const int again = current.isValid() ? m_where->findData(current) : 0;
    m_where->setCurrentIndex(qMax(0, again));
    m_where->setVisible(!engines.isEmpty());
    // An engine taken away, or no engines left: its filter goes too.
    const QVariant now = m_where->currentData();
    m_proxy->setWhere(now.isValid() && !engines.isEmpty() ? std::optional<QString>(now.toString())
                                                          : std::nullopt);
    updateCounts();
}
