require("discord.js");
