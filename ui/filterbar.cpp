// The state tabs and the search box.
#include "filterbar.h"

#include "models/taskmodel.h"
#include "taskfilterproxy.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QLocale>
#include <QTabBar>
#include <array>

using StateFilter = TaskFilterProxy::StateFilter;

static constexpr StateFilter Filters[] = {
    StateFilter::All,    StateFilter::Active,   StateFilter::Queued, StateFilter::Completed,
    StateFilter::Failed, StateFilter::Canceled, StateFilter::Paused};

FilterBar::FilterBar(TaskModel *model, TaskFilterProxy *proxy, QWidget *parent)
    : QWidget(parent), m_model(model), m_proxy(proxy), m_tabs(new QTabBar(this)),
      m_search(new QLineEdit(this))
{
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
    layout->addWidget(m_search);

    connect(m_tabs, &QTabBar::currentChanged, this,
            [this](int tab) { m_proxy->setStateFilter(Filters[qMax(0, tab)]); });
    connect(m_search, &QLineEdit::textChanged, m_proxy, &TaskFilterProxy::setSearchText);
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
    const int spare = width() - margins.left() - margins.right() - m_tabs->sizeHint().width() -
                      2 * layout()->spacing();
    const int wanted = qBound(MinSearchWidth, spare, SearchWidth);
    if (m_search->width() != wanted)
        m_search->setFixedWidth(wanted);
}

void FilterBar::updateCounts()
{
    std::array<int, std::size(Filters)> counts{};
    if (m_proxy->searchText().isEmpty()) {
        const int waiting = m_model->waitingCount();
        counts = {m_model->rowCount(),
                  m_model->countIn(TaskState::Running) + waiting,
                  m_model->countIn(TaskState::Queued) - waiting,
                  m_model->countIn(TaskState::Completed),
                  m_model->countIn(TaskState::Failed),
                  m_model->countIn(TaskState::Canceled),
                  m_model->countIn(TaskState::Paused)};
    } else { // the counts follow the search
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (!m_proxy->matchesSearch(row))
                continue;
            const Task &task = m_model->taskAt(row);
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
