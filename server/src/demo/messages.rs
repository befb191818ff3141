//! Demo messages (`--demo`): ~40 messages of the past 60 days in every state, written by
//! the demo citizens to the demo deputies and departments, with their handling (triage,
//! replies, follow-ups, plans, hand-overs, ratings, reopenings), so that the board, the
//! inboxes and the responsiveness figures look real. Seeded after the demo people, only
//! into a database without messages.
//!
//! 陈志强 (`LW01`, the first demo deputy account) has nothing due sooner than a new
//! fast-track message, so that a new message is first in his inbox (the e2e journey);
//! 何美玲 (`LW02`) has an overdue one, listed first in hers.

use contract::{HandlerKind, MessageStatus, Role, TimelineKind, Track};
use crate::sql::{params, Connection};

use super::people::{CITIZEN_LI, CITIZEN_WANG, STAFF_HUANG};
use crate::clock::{DAY, HOUR};
use crate::db::{Db, Error};
use crate::handling;
use crate::messages::{self, ActorRec, NewMessageRec};
use crate::problem::ApiError;

/// Extra demo citizens (no listed accounts; a sign-in with their phone would find them).
pub const CITIZENS: &[(&str, &str, &str)] = &[
    ("u_demo_c03", "13800000003", "张桂兰"),
    ("u_demo_c04", "13800000004", "刘德明"),
    ("u_demo_c05", "13800000005", "罗秀珍"),
    ("u_demo_c06", "13800000006", "曾志勇"),
    ("u_demo_c07", "13800000007", "欧阳雪梅"),
    ("u_demo_c08", "13800000008", "卢建新"),
    ("u_demo_c09", "13800000009", "苏玉兰"),
    ("u_demo_c10", "13800000010", "莫少华"),
];

const W: &str = CITIZEN_WANG;
const L: &str = CITIZEN_LI;
const C03: &str = "u_demo_c03";
const C04: &str = "u_demo_c04";
const C05: &str = "u_demo_c05";
const C06: &str = "u_demo_c06";
const C07: &str = "u_demo_c07";
const C08: &str = "u_demo_c08";
const C09: &str = "u_demo_c09";
const C10: &str = "u_demo_c10";

const D: HandlerKind = HandlerKind::Deputy;
const G: HandlerKind = HandlerKind::Department;
const S: HandlerKind = HandlerKind::Station;
const FAST: Track = Track::Fast;
const MAJOR: Track = Track::Major;

/// One step of a demo message's handling, `h` hours after it was sent.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// Staff triage to the recipient (or `to`).
    Triage(i64, Track, Option<(HandlerKind, &'static str)>),
    Accept(i64),
    Progress(i64),
    Reply(i64, &'static str),
    FollowUp(i64, &'static str),
    Resolve(i64),
    Rate(i64, u8, Option<&'static str>),
    /// Closed by staff.
    Close(i64),
    Reopen(i64, &'static str),
    /// A plan step added at `h`, due `days` after sending, done at `done` hours.
    Plan(i64, &'static str, i64, Option<i64>),
    HandOver(i64, &'static str, &'static str),
}

struct Demo {
    author: &'static str,
    to: (HandlerKind, &'static str),
    category: &'static str,
    title: &'static str,
    body: &'static str,
    public: bool,
    place: Option<&'static str>,
    days_ago: i64,
    hour: i64,
    steps: &'static [Step],
}

use Step::*;

#[rustfmt::skip]
const DEMO: &[Demo] = &[
    Demo { author: W, to: (D, "dp_lw01"), category: "mc_traffic", title: "村口路段缺少路灯", public: true,
        body: "龙湾村村口到龙湾小学这段路大约三百米，一直没有路灯。冬天五点多天就黑了，孩子放学走这段路很不安全，前几天还有老人摔倒。希望能尽快安装路灯。",
        place: Some("龙湾村村口至龙湾小学路段"), days_ago: 40, hour: 19, steps: &[
        Triage(14, FAST, None), Accept(16),
        Reply(30, "已与村委会一起现场查看，计划在该路段安装太阳能路灯4盏，预计两周内完工。"),
        FollowUp(40, "谢谢陈代表，希望能在期末考试前装好，孩子晚自习回家要走这段路。"),
        Reply(200, "路灯已全部安装完毕并通电，欢迎大家监督使用情况。"),
        Resolve(201), Rate(220, 5, Some("办得又快又好，晚上孩子放学安全多了。"))] },
    Demo { author: W, to: (D, "dp_lw02"), category: "mc_edu_health", title: "社区卫生站周末无人值班", public: true,
        body: "石峡社区卫生站周六周日都不开门，老人周末头疼发热只能跑到镇卫生院，来回要一个多小时。希望周末至少安排半天有医生值班。",
        place: Some("石峡社区卫生站"), days_ago: 20, hour: 10, steps: &[
        Triage(3, FAST, None), Accept(5),
        Reply(28, "已向镇卫生院反映，卫生院同意从下月起每周六上午安排一名医生到社区卫生站坐诊。"),
        Resolve(50)] },
    Demo { author: W, to: (D, "dp_lw01"), category: "mc_agri", title: "水渠淤塞影响春耕灌溉", public: false,
        body: "龙湾村东片农田的主水渠已经多年没有清淤，杂草和淤泥把渠道堵了一大半，去年就有几十亩田放不进水。马上要春耕了，希望组织清淤。",
        place: Some("龙湾村东片农田主水渠"), days_ago: 5, hour: 8, steps: &[
        Triage(6, MAJOR, None), Accept(8), Progress(24),
        Plan(26, "组织村民代表现场勘查", 3, Some(30)),
        Plan(31, "编制清淤方案并报镇农业农村办", 10, None),
        Plan(31, "施工清淤并组织验收", 25, None),
        Reply(34, "已和村民代表现场勘查，初步确定需清淤约800米，方案正在编制，春耕前完成清淤。")] },
    Demo { author: W, to: (G, "dept_build"), category: "mc_traffic", title: "新圩街人行道地砖破损", public: true,
        body: "新圩街28号附近的人行道有十几块地砖松动破损，下雨天一踩就溅一身泥水，晚上看不清容易绊倒，希望尽快修补。",
        place: Some("新圩街28号附近人行道"), days_ago: 1, hour: 21, steps: &[] },
    Demo { author: W, to: (D, "dp_lw01"), category: "mc_sanitation", title: "垃圾收集点清运不及时", public: true,
        body: "龙湾村二组的垃圾收集点经常两三天才清运一次，天气一热臭味很大，还招苍蝇老鼠，附近几户人家都不敢开窗。",
        place: Some("龙湾村二组垃圾收集点"), days_ago: 15, hour: 9, steps: &[
        Triage(2, FAST, None),
        HandOver(20, "dept_eco", "垃圾清运属镇环卫工作，转生态环境办跟进"),
        Reply(40, "已协调环卫公司，将该收集点的清运频次由每周两次调整为每天一次，并增加一个垃圾桶。"),
        Resolve(60), Rate(288, 4, Some("有改善，希望能一直保持。"))] },
    Demo { author: L, to: (D, "dp_lw11"), category: "mc_traffic", title: "大岭村急弯处缺少警示标志", public: true,
        body: "大岭村三岔路口有一个急弯，弯道外侧没有护栏也没有警示牌，对面来车完全看不到，上个月刚发生过两车剐蹭。",
        place: Some("大岭村三岔路口急弯"), days_ago: 12, hour: 16, steps: &[
        Triage(18, FAST, None),
        Reply(40, "已联系镇交管站，将在弯道两侧设置警示牌并安装凸面镜。"),
        Resolve(100), Rate(150, 2, Some("只装了警示牌，凸面镜还没装。")),
        Reopen(200, "凸面镜至今没有安装，请继续跟进。"),
        Triage(230, FAST, None)] },
    Demo { author: L, to: (D, "dp_lw02"), category: "mc_social", title: "高龄津贴申领流程不清楚", public: false,
        body: "我父亲今年满八十岁了，听说可以领高龄津贴，但不知道去哪里申请、要带什么材料，老人行动不便，能不能上门办理？",
        place: None, days_ago: 8, hour: 11, steps: &[
        Triage(4, FAST, None), Accept(6),
        Reply(22, "高龄津贴可在村委会代办点申请，需要身份证、户口本和银行卡。考虑到老人行动不便，我已请村委会工作人员本周上门协助办理。"),
        Resolve(30), Rate(50, 5, Some("上门办理，很贴心。"))] },
    Demo { author: L, to: (G, "dept_agri"), category: "mc_agri", title: "果园遭野猪破坏请求协助", public: true,
        body: "水口村后山的砂糖橘果园最近接连几晚被野猪闯入，拱坏了几十棵果树，眼看就要收成了，村民自己没办法，请求有关部门协助处理。",
        place: Some("水口村后山果园"), days_ago: 2, hour: 7, steps: &[
        Triage(5, FAST, None), Accept(9)] },
    Demo { author: C03, to: (D, "dp_lw04"), category: "mc_edu_health", title: "和平小学门口上下学时段拥堵", public: true,
        body: "每天早上七点半和下午四点半，和平小学门口接送孩子的电动车和小汽车挤成一团，经常堵二十多分钟，孩子过马路很危险。",
        place: Some("和平小学门口"), days_ago: 35, hour: 8, steps: &[
        Triage(5, FAST, None), Accept(6),
        Reply(50, "已与学校和交警中队沟通，上下学高峰期安排志愿者和交警在校门口疏导，并划定临时停车区。"),
        Resolve(100), Rate(130, 4, Some("高峰期秩序好多了。"))] },
    Demo { author: C04, to: (D, "dp_lw03"), category: "mc_agri", title: "希望组织砂糖橘种植技术培训", public: true,
        body: "这两年砂糖橘黄龙病比较多，很多果农不懂怎么防治，产量下降很厉害。希望镇里能请专家来给大家讲讲病虫害防治和科学施肥。",
        place: None, days_ago: 30, hour: 15, steps: &[
        Triage(17, FAST, None), Accept(20),
        Reply(60, "镇农业农村办将于下月在各村委会举办两期种植技术培训，邀请市农科所专家授课，届时通知大家报名。"),
        Resolve(300), Rate(320, 5, Some("培训很实用，专家讲得很清楚。"))] },
    Demo { author: C05, to: (D, "dp_lw06"), category: "mc_social", title: "独居老人吃饭难", public: true,
        body: "石峡社区有不少独居老人，子女都在外地打工，老人自己做饭不方便，有的天天吃剩饭。能不能办一个长者饭堂，解决老人吃饭问题？",
        place: Some("石峡社区"), days_ago: 28, hour: 10, steps: &[
        Triage(20, MAJOR, None), Accept(24),
        Reply(60, "收到，已和社区一起开始走访摸底独居老人的就餐需求，会尽快拿出方案。"),
        Plan(26, "走访摸底独居老人就餐需求", 7, Some(150)),
        Plan(26, "确定长者饭堂选址和运营方式", 20, Some(400)),
        Plan(26, "长者饭堂试运营", 45, None),
        Progress(160),
        Reply(410, "长者饭堂选址已确定在石峡社区党群服务中心一楼，由社区和爱心企业共同运营，预计下月试运营。"),
        Progress(420)] },
    Demo { author: C06, to: (D, "dp_lw05"), category: "mc_sanitation", title: "新圩市场周边污水横流", public: true,
        body: "新圩市场后面的排水沟经常堵塞，污水漫到路面上，又臭又滑，赶集的老人已经摔倒过好几次。希望彻底整治市场周边的排水。",
        place: Some("新圩市场后街"), days_ago: 45, hour: 9, steps: &[
        Triage(10, MAJOR, None),
        Plan(12, "排查市场周边排污管网", 7, Some(100)),
        Plan(12, "改造市场排水沟", 20, Some(450)),
        Plan(12, "验收并建立日常保洁制度", 28, Some(650)),
        Reply(60, "管网排查已完成，发现两处堵塞点和一段破损管道，已列入改造计划，施工期间会做好围挡。"),
        Resolve(660), Rate(700, 4, Some("现在干净多了，希望保持。"))] },
    Demo { author: C07, to: (D, "dp_lw08"), category: "mc_sanitation", title: "河道漂浮垃圾较多", public: true,
        body: "水口村这一段河道里漂着很多塑料袋、泡沫和枯枝，有些地方还有死鱼，夏天味道很大，希望定期打捞清理。",
        place: Some("水口村河段"), days_ago: 18, hour: 14, steps: &[
        Triage(20, FAST, None),
        HandOver(30, "dept_eco", "河道保洁属生态环境办职责，已转交办理"),
        Reply(70, "已安排河道保洁员每日巡河打捞，并在河边增设了三个垃圾桶和宣传牌。"),
        Resolve(90)] },
    Demo { author: C08, to: (D, "dp_lw07"), category: "mc_safety", title: "夜间有货车超速通过村中心", public: true,
        body: "最近每天晚上十点以后都有拉砂石的货车从村中心快速开过，速度很快，噪音也大，村里老人小孩多，很担心出事。",
        place: Some("新圩片区村中心路段"), days_ago: 10, hour: 22, steps: &[
        Triage(11, FAST, None), Accept(12), Progress(30)] },
    Demo { author: C09, to: (D, "dp_lw02"), category: "mc_edu_health", title: "村卫生室常用药品种类少", public: true,
        body: "村卫生室的降压药、降糖药经常断货，老人只能跑到镇上去买，希望卫生室能多备一些常用慢病药品。",
        place: Some("石峡社区村卫生室"), days_ago: 6, hour: 9, steps: &[
        Triage(3, FAST, None), Accept(5)] },
    Demo { author: C10, to: (D, "dp_lw01"), category: "mc_traffic", title: "龙湾大桥桥面出现裂缝", public: true,
        body: "龙湾大桥桥面靠近南岸的地方出现了几条裂缝，最长的有两米多，大货车经过时桥面晃得厉害，大家都很担心安全。",
        place: Some("龙湾大桥南岸桥头"), days_ago: 9, hour: 10, steps: &[
        Triage(2, MAJOR, None), Accept(3), Progress(5),
        Plan(6, "委托专业机构检测桥梁结构", 5, Some(100)),
        Plan(6, "制定维修加固方案", 15, None),
        Plan(6, "实施维修并恢复正常通行", 35, None),
        Reply(110, "检测报告显示桥面裂缝属表层病害，不影响结构安全。已设置限载10吨标志，维修方案正在编制。")] },
    Demo { author: C03, to: (D, "dp_lw11"), category: "mc_agri", title: "农田机耕路损坏", public: false,
        body: "龙湾村三组通往农田的机耕路被大雨冲出了一个大坑，收割机和拖拉机都过不去，稻谷收不回来。",
        place: Some("龙湾村三组机耕路"), days_ago: 7, hour: 8, steps: &[
        Triage(4, FAST, None)] },
    Demo { author: C04, to: (D, "dp_lw02"), category: "mc_social", title: "医保缴费后查询不到记录", public: false,
        body: "上个月在村委会交了今年的城乡居民医保，但是在手机上一直查不到缴费记录，担心看病不能报销。",
        place: None, days_ago: 3, hour: 16, steps: &[
        Triage(18, FAST, None), Accept(19)] },
    Demo { author: C05, to: (D, "dp_lw05"), category: "mc_livelihood", title: "村里自来水水压不足", public: true,
        body: "龙湾村四组地势较高，每天早晚用水高峰期水龙头基本没水，洗澡做饭都成问题，已经持续一个多月了。",
        place: Some("龙湾村四组"), days_ago: 4, hour: 7, steps: &[
        Triage(3, FAST, None)] },
    Demo { author: C06, to: (D, "dp_lw02"), category: "mc_edu_health", title: "希望增加儿童疫苗接种日", public: true,
        body: "社区卫生服务站每月只有一天可以给孩子打疫苗，每次都要排两三个小时的队，希望能增加接种日。",
        place: None, days_ago: 50, hour: 9, steps: &[
        Triage(5, FAST, None),
        Reply(30, "已与镇卫生院协调，从下月起每月增加一个接种日，并开通电话预约。"),
        Resolve(48), Rate(70, 5, Some("很快就安排了，现在预约不用排队。"))] },
    Demo { author: C07, to: (D, "dp_lw01"), category: "mc_traffic", title: "到镇上的公交班次太少", public: true,
        body: "龙湾村到镇上的公交车一天只有四班，错过了就要等三四个小时，老人看病、学生上学都很不方便。",
        place: None, days_ago: 55, hour: 10, steps: &[
        Triage(6, MAJOR, None),
        Plan(8, "调查村民出行需求", 10, Some(200)),
        Plan(8, "与公交公司协商加密班次", 25, Some(500)),
        Reply(510, "经协商，公交公司同意将龙湾线班次由每天4班增加到8班，下月1日起执行，并在村口增设一个候车亭。"),
        Resolve(520), Rate(600, 5, Some("出行方便多了。"))] },
    Demo { author: C08, to: (G, "dept_social"), category: "mc_social", title: "低保申请进度咨询", public: false,
        body: "我两个月前提交了低保申请，到现在还没有消息，不知道审核到哪一步了，家里确实很困难。",
        place: None, days_ago: 14, hour: 10, steps: &[
        Triage(3, FAST, None),
        Reply(26, "您的申请已完成入户调查，正在镇里公示，公示期满无异议后报区民政局审批，预计本月底有结果。"),
        Resolve(40), Close(200)] },
    Demo { author: C09, to: (D, "dp_lw09"), category: "mc_livelihood", title: "返乡青年创业贷款政策咨询", public: true,
        body: "我在外面打工几年，想回村里开一家农产品加工店，听说有创业贷款扶持，想了解申请条件和流程。",
        place: None, days_ago: 22, hour: 15, steps: &[
        Triage(16, FAST, None),
        Reply(40, "可申请创业担保贷款，个人最高30万元并享受贴息，由镇人社服务中心受理。政策解读材料已发给您，欢迎到联络站详细咨询。"),
        Resolve(42), Rate(60, 4, Some("解答很详细。"))] },
    Demo { author: C10, to: (D, "dp_lw10"), category: "mc_sanitation", title: "山塘水质发黑有异味", public: true,
        body: "大岭村的山塘最近水变黑了，还有很重的异味，塘里的鱼死了不少，下游还有村民用这里的水浇菜。",
        place: Some("大岭村山塘"), days_ago: 16, hour: 8, steps: &[
        Triage(8, MAJOR, None),
        HandOver(48, "dept_eco", "需生态环境部门检测水质并查找污染源"),
        Plan(50, "采样检测水质", 5, Some(100)),
        Plan(50, "排查污染源并督促整改", 20, None),
        Reply(110, "检测结果显示主要是周边养殖场污水直排所致，已责令养殖户限期整改，并将持续跟踪水质。"),
        Progress(120)] },
    Demo { author: W, to: (D, "dp_lw07"), category: "mc_safety", title: "小区消防通道被占用", public: false,
        body: "新圩花园小区的消防通道长期停满私家车，物业劝说也没用，万一发生火灾消防车根本进不来。",
        place: Some("新圩花园小区"), days_ago: 30, hour: 20, steps: &[
        Triage(13, FAST, None), Accept(14),
        Reply(30, "已联系镇应急管理办和小区物业，在消防通道施划禁停标线并安装提示牌，对占用车辆劝离。"),
        Resolve(50), Close(250)] },
    Demo { author: C03, to: (D, "dp_lw11"), category: "mc_agri", title: "农业灌溉用电价格偏高", public: true,
        body: "村里的抽水站按商业用电收费，灌溉成本太高，听说农业生产用电有优惠电价，希望帮忙了解能不能申请。",
        place: None, days_ago: 2, hour: 10, steps: &[] },
    Demo { author: C04, to: (G, "dept_office"), category: "mc_other", title: "办事大厅午休时间能否轮班", public: true,
        body: "镇政府办事大厅中午十二点到两点午休不办事，我们在外上班的人只有中午有空，希望午休时间能安排人员轮班。",
        place: None, days_ago: 0, hour: 9, steps: &[] },
    Demo { author: C05, to: (D, "dp_lw02"), category: "mc_social", title: "残疾人两项补贴发放延迟", public: false,
        body: "我儿子是二级残疾，残疾人两项补贴已经三个月没有到账了，打电话问也说不清楚原因。",
        place: None, days_ago: 1, hour: 15, steps: &[] },
    Demo { author: C06, to: (D, "dp_lw12"), category: "mc_safety", title: "工资被拖欠想申请法律援助", public: false,
        body: "我在镇上一家工地做了半年，老板拖欠工资两万多元一直不给，我想申请法律援助，不知道怎么办理。",
        place: None, days_ago: 12, hour: 9, steps: &[
        Triage(5, FAST, None), Accept(6),
        Reply(20, "已联系镇司法所为您提供法律援助，工作人员会在三个工作日内与您联系，请准备好考勤记录和聊天记录等证据。"),
        FollowUp(60, "司法所已经联系我了，谢谢！"),
        Resolve(70), Rate(80, 5, Some("帮了大忙。"))] },
    Demo { author: C07, to: (D, "dp_lw04"), category: "mc_edu_health", title: "留守儿童放学后无人照看", public: true,
        body: "和平村很多孩子的父母在外打工，放学后没人看管，有的到处乱跑，有的在网吧待到很晚，希望能开设课后托管班。",
        place: Some("和平村"), days_ago: 26, hour: 10, steps: &[
        Triage(24, MAJOR, None),
        Plan(30, "摸排留守儿童人数和需求", 7, Some(160)),
        Plan(30, "联合学校开设课后托管班", 28, None),
        Progress(170),
        Reply(200, "已摸排留守儿童56名，正与和平小学商定托管班方案，拟由退休教师和志愿者担任辅导员。"),
        Progress(210)] },
    Demo { author: C08, to: (D, "dp_lw07"), category: "mc_livelihood", title: "村委会门口停车难", public: true,
        body: "龙湾村委会门口的空地被几辆长期不开的车占着，来办事的村民没地方停车，只能停在路边，影响通行。",
        place: Some("龙湾村委会门口"), days_ago: 3, hour: 9, steps: &[
        Triage(3, FAST, None), Accept(4), Progress(30)] },
    Demo { author: C09, to: (G, "dept_emergency"), category: "mc_safety", title: "后山公路边有山体滑坡隐患", public: true,
        body: "大岭村后山公路边的山坡最近下雨后多次有泥土和石块滑落，坡上还有裂缝，车辆经过很危险。",
        place: Some("大岭村后山公路边"), days_ago: 11, hour: 7, steps: &[
        Triage(1, MAJOR, None),
        Plan(2, "地质灾害隐患点排查", 2, Some(40)),
        Plan(2, "设置警示标志和监测点", 5, Some(90)),
        Plan(2, "实施边坡治理工程", 40, None),
        Reply(95, "已将该处列为地质灾害隐患点，设置警示牌并安排专人巡查监测，雨天加密巡查，边坡治理工程正在申报。"),
        Progress(100)] },
    Demo { author: C10, to: (D, "dp_lw02"), category: "mc_edu_health", title: "家庭医生签约后很少上门", public: true,
        body: "去年签了家庭医生，但一年只上门过一次，老人有慢性病需要定期量血压测血糖，希望能增加随访次数。",
        place: None, days_ago: 40, hour: 9, steps: &[
        Triage(4, FAST, None),
        Reply(26, "已与镇卫生院沟通，家庭医生团队将对签约的慢病老人每季度上门随访一次，并开通电话咨询。"),
        Resolve(30), Rate(60, 3, Some("服务还可以，希望上门次数再多一些。"))] },
    Demo { author: L, to: (D, "dp_lw05"), category: "mc_livelihood", title: "新圩市场摊位费收取不规范", public: true,
        body: "新圩市场的摊位费每次收的都不一样，也没有收据，问收费的人也说不出标准，希望规范收费。",
        place: Some("新圩市场"), days_ago: 33, hour: 10, steps: &[
        Triage(6, FAST, None),
        HandOver(30, "dept_order", "市场管理属综合治理办职责"),
        Reply(80, "已对新圩市场收费进行检查，责令管理方在市场入口公示收费标准并开具收据。"),
        Resolve(100), Rate(130, 4, Some("已经公示了，比以前透明。"))] },
    Demo { author: C03, to: (D, "dp_lw01"), category: "mc_traffic", title: "村道两旁树木遮挡视线", public: true,
        body: "龙湾村通往镇上的村道两旁的竹子和树枝长得很密，有几处弯道完全看不到对面来车，希望修剪一下。",
        place: Some("龙湾村村道"), days_ago: 48, hour: 8, steps: &[
        Triage(4, FAST, None),
        Reply(150, "已组织村民对村道两旁的竹木进行修剪，弯道处视线已经清理。"),
        Resolve(160), Rate(200, 3, Some("处理有点慢，不过现在好了。"))] },
    Demo { author: C04, to: (D, "dp_lw02"), category: "mc_social", title: "养老保险补缴政策咨询", public: false,
        body: "我以前在外地打工断缴了几年养老保险，现在回老家了，想问问能不能补缴，补缴要多少钱。",
        place: None, days_ago: 19, hour: 14, steps: &[
        Triage(20, FAST, None),
        Reply(40, "城乡居民养老保险可按规定补缴，具体金额与补缴年限和档次有关，请携带身份证到镇社保服务窗口办理。"),
        Resolve(41), Close(230)] },
    Demo { author: C05, to: (D, "dp_lw03"), category: "mc_agri", title: "砂糖橘销路难", public: true,
        body: "今年砂糖橘丰收了，但收购商压价很厉害，很多果子卖不出去，希望镇里帮忙拓宽销售渠道。",
        place: None, days_ago: 9, hour: 10, steps: &[
        Triage(5, FAST, None), Accept(8),
        Reply(50, "镇里正在筹建农村电商服务站，可以帮助大家在网上销售砂糖橘，下周会组织直播带货培训。")] },
    Demo { author: C06, to: (D, "dp_lw08"), category: "mc_sanitation", title: "村里公厕卫生差", public: true,
        body: "龙湾村文化广场旁边的公厕很久没人打扫，地面很脏，水龙头也坏了，去广场跳舞的人都不敢用。",
        place: Some("龙湾村文化广场公厕"), days_ago: 6, hour: 9, steps: &[
        Triage(2, FAST, None), Accept(3),
        Reply(20, "已安排保洁员每天清扫两次，并更换了损坏的水龙头。"),
        Resolve(30), Rate(40, 2, Some("只打扫了几天又脏了。")),
        Reopen(100, "最近又没人打扫了，希望建立长效保洁机制。")] },
    Demo { author: C07, to: (D, "dp_lw02"), category: "mc_edu_health", title: "学校午餐质量有待提高", public: true,
        body: "孩子说学校午餐的菜经常是凉的，分量也少，家长们都很关心，希望有关部门检查一下学校食堂。",
        place: None, days_ago: 5, hour: 12, steps: &[
        Triage(20, FAST, None), Accept(22)] },
    Demo { author: C08, to: (D, "dp_lw06"), category: "mc_social", title: "希望在村里设置长者活动室", public: true,
        body: "村里老人越来越多，平时没有地方聚在一起下棋聊天，希望能利用村里的闲置房屋办一个长者活动室。",
        place: Some("石峡社区"), days_ago: 60, hour: 10, steps: &[
        Triage(24, MAJOR, None),
        Plan(30, "选定活动室场地", 10, Some(200)),
        Plan(30, "装修及添置设施", 25, Some(560)),
        Plan(30, "活动室开放使用", 29, Some(690)),
        Reply(210, "活动室选址在石峡社区旧村委办公楼一楼，面积约80平方米，装修方案已确定。"),
        Resolve(700), Rate(800, 5, Some("老人们都很喜欢，每天都很热闹。"))] },
    Demo { author: C09, to: (G, "dept_build"), category: "mc_traffic", title: "路边排水沟盖板缺失", public: true,
        body: "新圩街往石峡方向的路边排水沟有好几块盖板不见了，晚上看不清，已经有人骑电动车掉进去受伤。",
        place: Some("新圩街往石峡方向路边"), days_ago: 1, hour: 8, steps: &[] },
    Demo { author: C10, to: (G, "dept_service"), category: "mc_other", title: "党群服务中心周末开放", public: false,
        body: "党群服务中心的阅览室周末不开放，孩子们周末想去看书写作业都去不了，希望周末也能开放。",
        place: None, days_ago: 0, hour: 8, steps: &[] },
    // Two writers who did not know whom to ask: sent to the liaison station, triaged by staff.
    Demo { author: C05, to: (S, "st_center"), category: "mc_social", title: "独居老人家里没装燃气报警器", public: true,
        body: "我家隔壁的阿婆一个人住，灶台用的是瓶装燃气，上次煮粥睡着了差点出事。不知道这种事该找哪个部门，能不能帮忙给独居老人装个燃气报警器？",
        place: Some("龙湾社区三巷"), days_ago: 9, hour: 15, steps: &[
        Triage(3, FAST, Some((G, "dept_emergency"))), Accept(6),
        Reply(30, "已联系应急管理办和社区，本周内免费为辖区内登记的独居老人家庭安装燃气报警器，阿婆家已列入第一批。"),
        Resolve(60)] },
    Demo { author: C06, to: (S, "st_center"), category: "mc_other", title: "村里广播音量太大影响休息", public: false,
        body: "塘尾村的大喇叭每天早上六点就开始播，声音特别大，家里有上夜班的人根本睡不好。不清楚这归谁管，麻烦联络站帮忙转给相关部门。",
        place: Some("塘尾村村委会旁"), days_ago: 0, hour: 7, steps: &[] },
];

/// One event of a demo message, at a time.
#[derive(Debug, Clone, Copy)]
enum Event {
    Step(Step),
    /// The plan step with this title is done.
    StepDone(&'static str),
}

fn step_hours(s: &Step) -> i64 {
    match *s {
        Triage(h, ..)
        | Accept(h)
        | Progress(h)
        | Reply(h, _)
        | FollowUp(h, _)
        | Resolve(h)
        | Rate(h, ..)
        | Close(h)
        | Reopen(h, _)
        | Plan(h, ..)
        | HandOver(h, ..) => h,
    }
}

/// Seeds the demo messages when the demo people exist and there are no messages yet.
/// `Ok(None)` when nothing was done.
pub fn seed_messages_if_empty(db: &Db, now: i64, tz_secs: i64) -> Result<Option<usize>, Error> {
    db.with_conn(|conn| -> Result<Option<usize>, Error> {
        let messages: i64 = conn.query_row("SELECT COUNT(*) FROM messages", (), |r| r.get(0))?;
        let people: i64 = conn.query_row(
            "SELECT COUNT(*) FROM users WHERE id = ?1",
            [STAFF_HUANG],
            |r| r.get(0),
        )?;
        if messages > 0 || people == 0 {
            return Ok(None);
        }
        let tx = conn.transaction()?;
        let n = seed(&tx, now, tz_secs).map_err(|e| Error(format!("demo messages: {e:?}")))?;
        tx.commit()?;
        Ok(Some(n))
    })
}

fn user_name(conn: &Connection, id: &str) -> Result<String, ApiError> {
    Ok(
        conn.query_row("SELECT display_name FROM users WHERE id = ?1", [id], |r| {
            r.get(0)
        })?,
    )
}

/// Who acts for the handler of a message: the deputy's account if they have one, else
/// the deputy by name; a department by its name (as staff).
fn handler_actor(conn: &Connection, kind: HandlerKind, id: &str) -> Result<ActorRec, ApiError> {
    let name = messages::handler_name(conn, kind, id)?.unwrap_or_default();
    Ok(match kind {
        HandlerKind::Deputy => {
            let user: Option<String> = conn
                .query_row(
                    "SELECT id FROM users WHERE deputy_id = ?1 ORDER BY id LIMIT 1",
                    [id],
                    |r| r.get(0),
                )
                .ok();
            ActorRec {
                user_id: user,
                role: Role::Deputy,
                name,
            }
        }
        _ => ActorRec {
            user_id: None,
            role: Role::Staff,
            name,
        },
    })
}

fn track_label(t: Track) -> &'static str {
    match t {
        Track::Major => "重大议题",
        _ => "民生小事",
    }
}

fn seed(conn: &Connection, now: i64, tz: i64) -> Result<usize, ApiError> {
    for (id, phone, name) in CITIZENS {
        conn.execute(
            "INSERT INTO users (id, phone, display_name, roles, created_at) \
             VALUES (?1, ?2, ?3, 'citizen', ?4) ON CONFLICT DO NOTHING",
            params![id, phone, name, now - 90 * DAY],
        )?;
    }
    let staff = ActorRec {
        user_id: Some(STAFF_HUANG.into()),
        role: Role::Staff,
        name: user_name(conn, STAFF_HUANG)?,
    };
    let today = handling::local_day(now, tz);
    let mut count = 0;
    for (i, d) in DEMO.iter().enumerate() {
        // sent at `hour` local time `days_ago` days ago; never in the future
        let mut sent = (today - d.days_ago) * DAY - tz + d.hour * HOUR;
        let latest = now - (i as i64 % 5 + 1) * 40 * 60;
        if sent > latest {
            sent = latest;
        }
        let author = ActorRec {
            user_id: Some(d.author.into()),
            role: Role::Citizen,
            name: user_name(conn, d.author)?,
        };
        let rec = NewMessageRec {
            recipient_kind: d.to.0,
            recipient_id: d.to.1.into(),
            category_id: d.category.into(),
            title: d.title.into(),
            body: d.body.into(),
            photo_ids: Vec::new(),
            location: d.place.map(|label| contract::Location {
                label: label.into(),
                lat: None,
                lng: None,
            }),
            public: d.public,
        };
        let id = messages::insert_message(conn, &author, &rec, sent, tz)?;

        // events in time order (plan steps are done later than they are added)
        let mut events: Vec<(i64, Event)> = Vec::new();
        for s in d.steps {
            events.push((step_hours(s), Event::Step(*s)));
            if let Plan(_, title, _, Some(done)) = *s {
                events.push((done, Event::StepDone(title)));
            }
        }
        events.sort_by_key(|(h, _)| *h);
        let mut handler = d.to;
        let mut last = sent;
        let mut steps: Vec<(&str, String)> = Vec::new();
        for (h, ev) in events {
            // in order, and not in the future
            let at = (sent + h * HOUR).max(last + 60).min(now - 60);
            last = at;
            let by = handler_actor(conn, handler.0, handler.1)?;
            match ev {
                Event::StepDone(title) => {
                    if let Some((_, sid)) = steps.iter().find(|(t, _)| *t == title) {
                        messages::mark_step_done(conn, sid, at)?;
                        messages::add_timeline(
                            conn,
                            &id,
                            at,
                            TimelineKind::PlanStepDone,
                            &by,
                            None,
                            Some(title),
                        )?;
                    }
                }
                Event::Step(step) => match step {
                    Triage(_, track, to) => {
                        let to = to.unwrap_or(d.to);
                        handler = to;
                        messages::triage(conn, &id, track, d.category, to, at, tz)?;
                        let name = messages::handler_name(conn, to.0, to.1)?.unwrap_or_default();
                        let note = format!("{}，交由{name}办理", track_label(track));
                        messages::add_timeline(
                            conn,
                            &id,
                            at,
                            TimelineKind::Triaged,
                            &staff,
                            Some(MessageStatus::Assigned),
                            Some(&note),
                        )?;
                    }
                    Accept(_) | Progress(_) | Resolve(_) => {
                        let s = match step {
                            Accept(_) => MessageStatus::Accepted,
                            Progress(_) => MessageStatus::InProgress,
                            _ => MessageStatus::Resolved,
                        };
                        messages::set_status(conn, &id, s, at)?;
                        messages::add_timeline(
                            conn,
                            &id,
                            at,
                            TimelineKind::StatusChanged,
                            &by,
                            Some(s),
                            None,
                        )?;
                    }
                    Close(_) => {
                        messages::set_status(conn, &id, MessageStatus::Closed, at)?;
                        messages::add_timeline(
                            conn,
                            &id,
                            at,
                            TimelineKind::StatusChanged,
                            &staff,
                            Some(MessageStatus::Closed),
                            Some("已答复办结，由联络站关闭"),
                        )?;
                    }
                    Reply(_, text) => {
                        messages::add_reply(conn, &id, false, &by, text, at)?;
                        let status: String = conn.query_row(
                            "SELECT status FROM messages WHERE id = ?1",
                            [&id],
                            |r| r.get(0),
                        )?;
                        let new = (status != "resolved" && status != "replied")
                            .then_some(MessageStatus::Replied);
                        if let Some(s) = new {
                            messages::set_status(conn, &id, s, at)?;
                        }
                        messages::add_timeline(
                            conn,
                            &id,
                            at,
                            TimelineKind::Replied,
                            &by,
                            new,
                            None,
                        )?;
                    }
                    FollowUp(_, text) => {
                        messages::add_reply(conn, &id, true, &author, text, at)?;
                        messages::add_timeline(
                            conn,
                            &id,
                            at,
                            TimelineKind::FollowUp,
                            &author,
                            None,
                            None,
                        )?;
                    }
                    Rate(_, stars, comment) => {
                        messages::rate(conn, &id, stars, comment, at)?;
                        let note = match comment {
                            Some(c) => format!("评价 {stars} 星：{c}"),
                            None => format!("评价 {stars} 星"),
                        };
                        messages::add_timeline(
                            conn,
                            &id,
                            at,
                            TimelineKind::Rated,
                            &author,
                            Some(MessageStatus::Closed),
                            Some(&note),
                        )?;
                    }
                    Reopen(_, reason) => {
                        messages::reopen(conn, &id, at, tz)?;
                        messages::add_timeline(
                            conn,
                            &id,
                            at,
                            TimelineKind::Reopened,
                            &author,
                            Some(MessageStatus::Reopened),
                            Some(reason),
                        )?;
                    }
                    Plan(_, title, due_days, _) => {
                        let sid =
                            messages::add_plan_step(conn, &id, title, sent + due_days * DAY, at)?;
                        steps.push((title, sid));
                        messages::add_timeline(
                            conn,
                            &id,
                            at,
                            TimelineKind::PlanStepAdded,
                            &by,
                            None,
                            Some(title),
                        )?;
                    }
                    HandOver(_, dept, note) => {
                        let name = messages::handler_name(conn, HandlerKind::Department, dept)?
                            .unwrap_or_default();
                        messages::hand_over(conn, &id, dept, at)?;
                        messages::add_timeline(
                            conn,
                            &id,
                            at,
                            TimelineKind::HandedOver,
                            &by,
                            Some(MessageStatus::Assigned),
                            Some(&format!("转交{name}办理：{note}")),
                        )?;
                        handler = (HandlerKind::Department, dept);
                    }
                },
            }
            messages::touch(conn, &id, at)?;
        }
        count += 1;
    }
    Ok(count)
}
