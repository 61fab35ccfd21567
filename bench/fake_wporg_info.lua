-- wrk script for bench/fake_wporg_bench.sh: cycles through the slugs in
-- $SLUGS_FILE ("plugin slug" / "theme slug" lines), asking for the full info
-- request wppackages' update sends (docs/behaviour.md §2.2).
local plugin_fields = "&request%5Bfields%5D%5Bversions%5D=true&request%5Bfields%5D%5Bdescription%5D=false" ..
  "&request%5Bfields%5D%5Bsections%5D=false&request%5Bfields%5D%5Bcompatibility%5D=false" ..
  "&request%5Bfields%5D%5Breviews%5D=false&request%5Bfields%5D%5Bbanners%5D=false" ..
  "&request%5Bfields%5D%5Bicons%5D=false&request%5Bfields%5D%5Bdonate_link%5D=false" ..
  "&request%5Bfields%5D%5Bratings%5D=false&request%5Bfields%5D%5Bcontributors%5D=false" ..
  "&request%5Bfields%5D%5Btags%5D=false&request%5Bfields%5D%5Bactive_installs%5D=true" ..
  "&request%5Bfields%5D%5Brequires%5D=true&request%5Bfields%5D%5Btested%5D=true" ..
  "&request%5Bfields%5D%5Brequires_php%5D=true&request%5Bfields%5D%5Bauthor%5D=true" ..
  "&request%5Bfields%5D%5Bshort_description%5D=true&request%5Bfields%5D%5Bhomepage%5D=true" ..
  "&request%5Bfields%5D%5Blast_updated%5D=true&request%5Bfields%5D%5Badded%5D=true" ..
  "&request%5Bfields%5D%5Bdownload_link%5D=true"
local theme_fields = "&request%5Bfields%5D%5Bversions%5D=true&request%5Bfields%5D%5Bactive_installs%5D=true" ..
  "&request%5Bfields%5D%5Bsections%5D=true&request%5Bfields%5D%5Bauthor%5D=true" ..
  "&request%5Bfields%5D%5Bhomepage%5D=true&request%5Bfields%5D%5Blast_updated%5D=true"

local paths = {}
local counter = 0

function init(args)
  for line in io.lines(os.getenv("SLUGS_FILE")) do
    local kind, slug = line:match("^(%a+) (.+)$")
    if kind == "plugin" then
      paths[#paths + 1] = "/api/plugins/info/1.2/?action=plugin_information&request%5Bslug%5D=" .. slug .. plugin_fields
    elseif kind == "theme" then
      paths[#paths + 1] = "/api/themes/info/1.2/?action=theme_information&request%5Bslug%5D=" .. slug .. theme_fields
    end
  end
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
