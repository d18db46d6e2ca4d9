package asanatest

// Word lists for the organization generator. They are small on purpose:
// combined at random they give names that read like a real company's
// without shipping a dictionary. Changing any list changes what every seed
// generates, so append only with care (tests pin a few generated values).

// genCompanies are organization names; the email domain is derived from
// the first word.
var genCompanies = []string{
	"Acme Corp", "Globex", "Initech", "Umbrella Labs", "Hooli", "Vandelay Industries",
	"Wayfarer Logistics", "Northwind Traders", "Contoso", "Fabrikam", "Tailspin Toys",
	"Lakeshore Analytics", "Bluebird Health", "Pinecrest Software", "Redwood Robotics",
	"Silverline Media",
}

var genFirstNames = []string{
	"Ada", "Alan", "Amara", "Ana", "Arjun", "Beatriz", "Ben", "Carmen", "Chen", "Chloe",
	"Daniel", "Dmitri", "Elena", "Emeka", "Fatima", "Felix", "Grace", "Hana", "Hugo", "Ines",
	"Isaac", "Jamal", "Jana", "Jonas", "Kai", "Kemal", "Lea", "Leon", "Lina", "Luca",
	"Maya", "Mateo", "Mei", "Mohammed", "Nadia", "Noah", "Nora", "Olga", "Omar", "Oscar",
	"Priya", "Rafael", "Rosa", "Sami", "Sara", "Sofia", "Tariq", "Theo", "Uma", "Victor",
	"Wei", "Yara", "Yusuf", "Zoe",
}

var genLastNames = []string{
	"Abbott", "Adeyemi", "Alvarez", "Andersen", "Bauer", "Becker", "Brooks", "Castillo",
	"Chen", "Costa", "Dubois", "Eriksson", "Fischer", "Garcia", "Gupta", "Hansen", "Ito",
	"Jansen", "Kaur", "Kim", "Kowalski", "Larsen", "Lopez", "Mendes", "Meyer", "Moreau",
	"Nakamura", "Novak", "Okafor", "Olsen", "Park", "Patel", "Petrov", "Quinn", "Rossi",
	"Santos", "Schmidt", "Silva", "Singh", "Sato", "Tanaka", "Torres", "Varga", "Wagner",
	"Weber", "Wong", "Yilmaz", "Zhang",
}

// genPartnerDomains are the email domains of guests: people from outside
// the company.
var genPartnerDomains = []string{"agency.example", "contractors.example", "partner.example", "freelance.example"}

var genTeams = []string{
	"Engineering", "Marketing", "Design", "Sales", "Customer Success", "Finance", "People Ops",
	"Legal", "Product", "Data", "IT", "Operations", "Security", "Support", "Partnerships",
	"Research",
}

var genTeamDescriptions = []string{
	"Weekly priorities and cross-team requests.",
	"Where we plan, track and ship our work.",
	"Team projects, rituals and shared resources.",
	"",
}

var genProjectNames = []string{
	"Website redesign", "Q3 launch", "Onboarding revamp", "Customer interviews", "Hiring plan",
	"Brand refresh", "Mobile app v2", "Data warehouse migration", "Annual budget", "Security audit",
	"Partner portal", "Pricing experiment", "Help center cleanup", "Office move", "SOC 2 readiness",
	"Roadmap planning", "Event calendar", "Churn analysis", "API deprecation", "Sprint board",
}

var genProjectNotes = []string{
	"Goals, owners and milestones for this initiative.",
	"Track every deliverable here; updates on Fridays.",
	"",
	"Scope agreed in the kickoff meeting. Ask in the team channel before adding work.",
}

// genColors are Asana's project colors.
var genColors = []string{
	"dark-pink", "dark-green", "dark-blue", "dark-red", "dark-teal", "dark-brown", "dark-orange",
	"dark-purple", "dark-warm-gray", "light-pink", "light-green", "light-blue", "light-red",
	"light-teal", "light-brown", "light-orange", "light-purple", "light-warm-gray",
}

// genSectionSets are sensible section layouts; the last section of a set
// receives completed tasks when it is a "done" column.
var genSectionSets = [][]string{
	{"To do", "In progress", "Done"},
	{"Backlog", "This week", "Next week", "Done"},
	{"Ideas", "Planned", "In review", "Shipped"},
	{"Untitled section"},
}

var genVerbs = []string{
	"Draft", "Review", "Update", "Fix", "Prepare", "Publish", "Schedule", "Test", "Design",
	"Write", "Plan", "Clean up", "Follow up on", "Approve", "Research", "Migrate", "Document",
	"Present", "Audit", "Ship",
}

var genObjects = []string{
	"landing page copy", "Q3 budget", "release notes", "onboarding email", "login bug",
	"customer survey", "pricing page", "roadmap slides", "contract renewal", "analytics dashboard",
	"vendor invoices", "job description", "style guide", "API docs", "retro notes",
	"support macros", "launch checklist", "team offsite agenda", "security questionnaire",
	"newsletter", "search ranking", "billing export", "press kit", "demo script",
}

var genQualifiers = []string{"", "", "", " (v2)", " before launch", " with legal", " for EMEA", " draft"}

var genSubtaskNames = []string{
	"Collect feedback", "Get sign-off", "Check numbers", "Share with the team", "Update screenshots",
	"Book a meeting", "Proofread", "Add to the tracker", "Send reminder", "Archive old version",
}

var genTaskNotes = []string{
	"See the brief in the project overview.",
	"Blocked until the numbers from finance arrive.",
	"Keep it short: one page at most.",
	"Link the final version here when done.",
	"Context: raised in Monday's stand-up.",
}

var genComments = []string{
	"Looks good to me!", "Can we push this to next week?", "I left a few suggestions in the doc.",
	"Done, please take a look.", "Who owns the final review?", "Thanks, merging this now.",
	"Waiting on legal before we publish.", "Moved the due date, the vendor is late.",
	"+1, let's ship it.", "I'll pair with you on this tomorrow.", "Updated the numbers, they match now.",
	"Is this still needed?",
}

var genServiceAccounts = []string{"Automation bot", "Backup service", "Provisioning bot", "Reporting integration"}
